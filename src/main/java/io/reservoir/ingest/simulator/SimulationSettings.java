package io.reservoir.ingest.simulator;

import java.time.LocalDate;
import java.util.List;

/**
 * What to simulate: a brand (or several brands of one group) whose {@code members} people join over
 * {@code days} days from {@code start}, generated from {@code seed}. The same settings always give
 * the same messages.
 *
 * @param members how many people join as members during the period (about half as many again shop
 *     or follow without joining); 1 to 10,000,000
 * @param days length of the period, 1 to 3,660
 * @param brands names of the brands to simulate; empty means the workspace's first brand
 * @throws IllegalArgumentException naming the setting and why it is wrong
 */
public record SimulationSettings(int members, int days, long seed, LocalDate start, List<String> brands) {

    public static final LocalDate DEFAULT_START = LocalDate.of(2025, 1, 1);
    /** What {@code reservoir simulate} does when not told otherwise (and the period ends yesterday). */
    public static final int DEFAULT_MEMBERS = 1_000;

    public static final int DEFAULT_DAYS = 365;
    public static final long DEFAULT_SEED = 1;
    static final int MAX_MEMBERS = 10_000_000;
    static final int MAX_DAYS = 3_660;

    public SimulationSettings {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be between 1 and " + MAX_MEMBERS + ", not " + members);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", not " + days);
        }
        if (start == null) {
            throw new IllegalArgumentException("start is required");
        }
        if (start.isBefore(LocalDate.of(2000, 1, 2))) {
            throw new IllegalArgumentException("start must be after 2000-01-01, not " + start);
        }
        brands = List.copyOf(brands == null ? List.of() : brands);
        for (String brand : brands) {
            if (brand.isBlank() || brand.length() > 200) {
                throw new IllegalArgumentException("brand names must have 1 to 200 characters");
            }
        }
        if (brands.size() > 20) {
            throw new IllegalArgumentException("at most 20 brands, not " + brands.size());
        }
        if (brands.stream().distinct().count() != brands.size()) {
            throw new IllegalArgumentException("brand names must differ: " + brands);
        }
    }

    /** {@code members} × {@code days} from {@link #DEFAULT_START} for the workspace's first brand. */
    public static SimulationSettings of(int members, int days, long seed) {
        return new SimulationSettings(members, days, seed, DEFAULT_START, List.of());
    }

    public SimulationSettings withStart(LocalDate newStart) {
        return new SimulationSettings(members, days, seed, newStart, brands);
    }

    public SimulationSettings withBrands(List<String> newBrands) {
        return new SimulationSettings(members, days, seed, start, newBrands);
    }

    /** The last simulated day. */
    public LocalDate end() {
        return start.plusDays(days - 1L);
    }
}
