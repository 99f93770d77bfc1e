package io.reservoir.support;

import static org.awaitility.Awaitility.await;

import io.reservoir.ReservoirApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Reservoir in a process of its own, started from this test's classpath: for tests that kill it
 * (SIGKILL) and start it again on the same database. The child runs on the {@link TestClock test
 * calendar}, from where this JVM's calendar stands when it starts.
 */
public final class ChildReservoir implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildReservoir(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Reservoir with {@code --name=value} settings and waits until it is healthy. */
    public static ChildReservoir start(Path log, List<String> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-D" + TestClock.PROPERTY + "=" + TestClock.now(),
                "-cp",
                System.getProperty("java.class.path"),
                ChildReservoir.class.getName(),
                "--server.port=" + port));
        command.addAll(settings);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ChildReservoir child = new ChildReservoir(process, port);
            child.awaitHealthy(Duration.ofSeconds(90));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's entry point: Reservoir's web application on the test calendar. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(ReservoirApplication.class)
                .initializers(new TestClock.Installer())
                .run(args);
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait: a graceful stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private void awaitHealthy(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::healthy);
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Reservoir did not become healthy within " + timeout, e);
        }
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Reservoir exited with " + process.exitValue() + " while starting");
        }
        try {
            return Api.on(port).get("/actuator/health").status() == 200;
        } catch (UncheckedIOException notYet) {
            return false; // not listening yet
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
