package io.reservoir.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A Spring integration test on a real server port and a fresh database: embedded H2 or a new
 * PostgreSQL database, chosen by the system property {@code reservoir.it.database} (Failsafe runs
 * every IT once per database). Tests share one application per database and JVM run, so each
 * creates its own workspace through {@link Tenants} rather than relying on an empty database.
 * The application and its schedules run on the {@link TestClock test calendar}, not the machine's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestDatabase.Availability.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {TestDatabase.class, TestClock.Installer.class})
public @interface ReservoirIT {}
