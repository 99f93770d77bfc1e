package io.reservoir.ingest.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates a brand's Segment messages, deterministically from the settings' seed and in
 * chronological order, without keeping them: each day's messages are built, sorted by time and
 * handed to the sink before the next day starts.
 *
 * <p>Memory: the population's state lives in {@link People} (tens of bytes a person); besides it
 * only one day's messages and the follow-ups scheduled for the next days (refunds, reviews,
 * referred orders, group leaves; at most two weeks ahead) are held.
 *
 * <p>Determinism: one {@link SplittableRandom} drives everything in a fixed order and
 * {@code messageId}s are the seed plus a sequence number, so the same settings give the same
 * messages byte for byte, and a re-run into the same workspace changes nothing.
 *
 * <p>Single use: {@link #generate} runs once; {@link #counts} may be read from the sink meanwhile.
 */
public final class BrandSimulation {

    private static final Comparator<Timed> BY_SECOND = Comparator.comparingInt(Timed::second);

    private final SimulationSettings settings;
    private final SplittableRandom random;
    private final People people;
    private final Tally tally = new Tally();
    private final List<Timed> today = new ArrayList<>();
    private final List<List<Pending>> pending = new ArrayList<>();
    private final String seedTag;
    private boolean used;
    private long sequence;

    public BrandSimulation(SimulationSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.people = new People(settings, Math.max(1, settings.brands().size()), random);
        this.seedTag = Long.toString(settings.seed(), 36).replace('-', 'n');
    }

    /**
     * Generates the whole period into {@code sink}, one message at a time, oldest first.
     *
     * @throws IllegalStateException when called a second time
     */
    public SimulationCounts generate(Consumer<? super ObjectNode> sink) {
        if (used) {
            throw new IllegalStateException("a simulation generates once; create another for a second run");
        }
        used = true;
        Behaviour behaviour = new Behaviour(this, people, random, settings.brands(), seedTag, tally);
        int arrived = 0;
        for (int day = 0; day < settings.days(); day++) {
            LocalDate date = settings.start().plusDays(day);
            behaviour.startDay(day, date);
            int before = arrived;
            while (arrived < people.count && people.arrival[arrived] == day) {
                behaviour.arrive(arrived);
                arrived++;
            }
            behaviour.present(arrived);
            for (int p = 0; p < before; p++) {
                behaviour.daily(p);
            }
            if (day < pending.size()) {
                for (Pending followUp : pending.get(day)) {
                    behaviour.followUp(followUp);
                }
                pending.set(day, null); // done: let the day's follow-ups go
            }
            flush(date, sink);
        }
        return counts();
    }

    /** What has been generated so far. */
    public SimulationCounts counts() {
        return tally.snapshot();
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** Queues a message of the current day at {@code second} (0–86,399, Beijing time). */
    void at(int second, ObjectNode message) {
        today.add(new Timed(Math.min(86_399, Math.max(0, second)), message));
    }

    /** Schedules a follow-up on a later day; dropped if that day is after the period. */
    void later(int day, Pending followUp) {
        if (day >= settings.days()) {
            return;
        }
        while (pending.size() <= day) {
            pending.add(new ArrayList<>());
        }
        pending.get(day).add(followUp);
    }

    private void flush(LocalDate date, Consumer<? super ObjectNode> sink) {
        today.sort(BY_SECOND); // stable: same-second messages keep the order they were made in
        String prefix = date + "T";
        for (Timed timed : today) {
            ObjectNode message = timed.message();
            message.put("messageId", "sim-" + seedTag + "-" + Long.toString(sequence++, 36));
            message.put("timestamp", prefix + clock(timed.second()) + "+08:00");
            tally.messages++;
            sink.accept(message);
        }
        today.clear();
    }

    private static String clock(int second) {
        int h = second / 3600;
        int m = second / 60 % 60;
        int s = second % 60;
        char[] text = {
            (char) ('0' + h / 10), (char) ('0' + h % 10), ':',
            (char) ('0' + m / 10), (char) ('0' + m % 10), ':',
            (char) ('0' + s / 10), (char) ('0' + s % 10)
        };
        return new String(text);
    }

    private record Timed(int second, ObjectNode message) {}

    /** Running totals. */
    static final class Tally {
        long messages;
        long people;
        long members;
        long orders;
        long refunds;
        long reviews;
        long shares;
        long referredOrders;
        long guideOrders;
        long links;
        long consentWithdrawals;

        SimulationCounts snapshot() {
            return new SimulationCounts(
                    messages,
                    people,
                    members,
                    orders,
                    refunds,
                    reviews,
                    shares,
                    referredOrders,
                    guideOrders,
                    links,
                    consentWithdrawals);
        }
    }
}
