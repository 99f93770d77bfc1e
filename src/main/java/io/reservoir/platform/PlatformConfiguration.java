package io.reservoir.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Clock, scheduling for the modules' periodic work, and database connection tuning. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

    /** The one source of "now"; tests replace it with a fixed or stepping clock. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * On PostgreSQL: JDBC batches travel as multi-row inserts, so the intake writes a group commit
     * in a few round trips; and every execution is planned for the table sizes of the moment. A
     * generic plan cached while a table was small (a fresh workspace, the first minutes of an
     * import) would keep scanning it after it grew. (H2 would refuse these properties.)
     */
    @Bean
    static BeanPostProcessor postgresBatchedInserts() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari
                        && hikari.getJdbcUrl() != null
                        && hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
                    hikari.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
                }
                return bean;
            }
        };
    }
}
