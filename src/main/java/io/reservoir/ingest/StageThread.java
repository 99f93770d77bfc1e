package io.reservoir.ingest;

import org.springframework.context.SmartLifecycle;

/**
 * The one thread of an intake stage ({@link IntakeWriter}, {@link ProjectionWorker}): started late
 * among the lifecycle beans, and on stop asked to finish what it holds before the database goes,
 * waited for at most {@link IntakeWriter#CALLER_TIMEOUT}.
 */
abstract class StageThread implements SmartLifecycle {

    private final String name;
    private final int phase;
    private volatile Thread thread;
    private volatile boolean running;

    StageThread(String name, int phase) {
        this.name = name;
        this.phase = phase;
    }

    /** The stage's work; returns once {@link #running()} is false and what it holds is done. */
    abstract void loop();

    /** Called on stop, before the wait: wakes a loop that sleeps until there is work. */
    void stopping() {}

    final boolean running() {
        return running;
    }

    @Override
    public final void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(false);
        thread.start();
    }

    @Override
    public final void stop() {
        running = false;
        stopping();
        Thread stage = thread;
        if (stage != null) {
            try {
                stage.join(IntakeWriter.CALLER_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
