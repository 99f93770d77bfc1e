package io.reservoir.platform.vault;

import io.reservoir.platform.PlatformSettings;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

    /**
     * The configured key wins. Without one, only the embedded database may fall back to a key file:
     * a shared PostgreSQL served by several nodes needs the same key on every node.
     */
    @Bean
    PiiVault piiVault(PlatformSettings settings, Environment environment) {
        SecureRandom random = new SecureRandom();
        if (settings.dataKey() != null && !settings.dataKey().isBlank()) {
            return new PiiVault(DataKey.parse(settings.dataKey()), random);
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:h2:")) {
            throw new IllegalStateException("RESERVOIR_DATA_KEY is required when the database is not the embedded H2"
                    + " (generate one with: openssl rand -base64 32)");
        }
        log.info("Using the data key file {}", settings.dataDir().resolve(DataKey.FILE_NAME));
        return new PiiVault(DataKey.fromFile(settings.dataDir(), random), random);
    }
}
