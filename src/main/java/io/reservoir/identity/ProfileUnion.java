package io.reservoir.identity;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The union–find of one resolution batch over customer numbers, with the unique-per-person
 * identities each profile holds. In memory only: {@link IdentityGraph} loads what the batch
 * touches and writes what it decided.
 *
 * <p>The smaller number wins a union, so a profile keeps the number it was given first and the
 * persistent forest ({@code customer.merged_into}) only ever points at older profiles. Paths are
 * not compressed: a batch is short-lived and its chains are no longer than the merges it makes.
 */
final class ProfileUnion {

    /** What {@link #union} did; {@link #root()} is the profile the two numbers now stand for. */
    sealed interface Outcome permits AlreadyOne, Joined, Refused {
        int root();
    }

    /** Both numbers already had this root. */
    record AlreadyOne(int root) implements Outcome {}

    /** {@code loser} now points at {@code winner} and its unique identities moved there. */
    record Joined(int winner, int loser) implements Outcome {
        @Override
        public int root() {
            return winner;
        }
    }

    /** Not joined: the roots hold different values of {@code type}; {@code kept} is the first. */
    record Refused(int kept, int other, IdentityType type) implements Outcome {
        @Override
        public int root() {
            return kept;
        }
    }

    private final Map<Integer, Integer> parent = new HashMap<>();
    private final Map<Integer, Map<IdentityType, String>> uniques = new HashMap<>();

    /** The root of {@code no}; a number never joined is its own root. */
    int find(int no) {
        int root = no;
        while (parent.containsKey(root)) {
            root = parent.get(root);
        }
        return root;
    }

    /**
     * Joins the profiles of {@code a} and {@code b}, unless their roots hold different values of a
     * unique-per-person type (the first such type in declaration order is the one refused over).
     */
    Outcome union(int a, int b) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return new AlreadyOne(a);
        }
        Map<IdentityType, String> ua = uniques.getOrDefault(a, Map.of());
        Map<IdentityType, String> ub = uniques.getOrDefault(b, Map.of());
        for (var entry : ua.entrySet()) {
            String other = ub.get(entry.getKey());
            if (other != null && !other.equals(entry.getValue())) {
                return new Refused(a, b, entry.getKey());
            }
        }
        int winner = Math.min(a, b);
        int loser = Math.max(a, b);
        parent.put(loser, winner);
        Map<IdentityType, String> joined = new EnumMap<>(IdentityType.class);
        joined.putAll(uniques.getOrDefault(loser, Map.of()));
        joined.putAll(uniques.getOrDefault(winner, Map.of()));
        uniques.put(winner, joined);
        uniques.remove(loser);
        return new Joined(winner, loser);
    }

    /** Whether profile {@code customer} holds a value of {@code type} other than {@code lookup}. */
    boolean holdsOther(int customer, IdentityType type, String lookup) {
        String held = uniques.getOrDefault(customer, Map.of()).get(type);
        return held != null && !held.equals(lookup);
    }

    /** Records that profile {@code customer} holds {@code lookup} as its value of {@code type}. */
    void hold(int customer, IdentityType type, String lookup) {
        uniques.computeIfAbsent(customer, c -> new EnumMap<>(IdentityType.class))
                .put(type, lookup);
    }
}
