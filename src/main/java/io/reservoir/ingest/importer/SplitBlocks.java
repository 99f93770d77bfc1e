package io.reservoir.ingest.importer;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the rows of a document (an order, a refund) lie apart in the file: found by a first pass
 * over the whole file so that the import can read a document whole when it reaches its first block
 * and pass over its later blocks, wherever a resumed run starts.
 *
 * <p>A block is a run of adjacent rows with the same key. The pass keeps one entry per distinct key
 * — its 64-bit hash and the first block's offset and row number, about 40 bytes — so that a file of
 * a few million rows needs tens of megabytes, not its keys. Two keys with the same hash would look
 * like one split document: the import compares the real keys before it joins or passes over a
 * block, so a collision costs a look, never a row.
 */
final class SplitBlocks {

    private static final long[] NONE = new long[0];

    /** First block's offset → offsets and row numbers of its later blocks, {@code [offset, row, …]}. */
    private final Map<Long, long[]> laterOfFirst = new HashMap<>();
    /** Later block's offset → {@code [first block's offset, its row number]}. */
    private final Map<Long, long[]> firstOfLater = new HashMap<>();

    private SplitBlocks() {}

    static SplitBlocks none() {
        return new SplitBlocks();
    }

    /** Reads every row of {@code source} once. */
    static SplitBlocks scan(RowSource source, Function<Row, String> keyOf) throws IOException {
        SplitBlocks found = new SplitBlocks();
        HashIndex firstBlocks = new HashIndex();
        String last = null;
        Row row;
        while ((row = source.next()) != null) {
            String key = keyOf.apply(row);
            if (key != null && key.equals(last)) {
                continue;
            }
            last = key;
            if (key == null) {
                continue;
            }
            long hash = hash(key);
            int index = firstBlocks.find(hash);
            if (index < 0) {
                firstBlocks.add(hash, row.start(), row.number());
                continue;
            }
            long firstOffset = firstBlocks.offset(index);
            long[] later = found.laterOfFirst.getOrDefault(firstOffset, NONE);
            later = Arrays.copyOf(later, later.length + 2);
            later[later.length - 2] = row.start();
            later[later.length - 1] = row.number();
            found.laterOfFirst.put(firstOffset, later);
            found.firstOfLater.put(row.start(), new long[] {firstOffset, firstBlocks.row(index)});
        }
        return found;
    }

    boolean isEmpty() {
        return laterOfFirst.isEmpty();
    }

    /** Documents whose rows lie in more than one block (hash collisions included). */
    int documents() {
        return laterOfFirst.size();
    }

    /** The later blocks of the block starting at {@code offset}, {@code [offset, row, …]}; empty if none. */
    long[] later(long offset) {
        return laterOfFirst.getOrDefault(offset, NONE);
    }

    /** For a later block starting at {@code offset}: its first block's {@code [offset, row]}; else null. */
    long[] first(long offset) {
        return firstOfLater.get(offset);
    }

    /** FNV-1a over the key's characters, then MurmurHash3's finaliser to spread the bits. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** An open-addressing map of key hash → first block, in primitive arrays. */
    private static final class HashIndex {
        private long[] hashes = new long[1 << 12];
        private int[] slots = new int[1 << 12]; // 1 + index into offsets/rows; 0 is empty
        private long[] offsets = new long[1 << 11];
        private long[] rows = new long[1 << 11];
        private int size;

        int find(long hash) {
            int mask = hashes.length - 1;
            for (int i = (int) hash & mask; slots[i] != 0; i = (i + 1) & mask) {
                if (hashes[i] == hash) {
                    return slots[i] - 1;
                }
            }
            return -1;
        }

        void add(long hash, long offset, long row) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                rows = Arrays.copyOf(rows, size * 2);
            }
            offsets[size] = offset;
            rows[size] = row;
            size++;
            if (size * 4 > hashes.length * 3) {
                grow();
            }
            insert(hashes, slots, hash, size);
        }

        long offset(int index) {
            return offsets[index];
        }

        long row(int index) {
            return rows[index];
        }

        private void grow() {
            long[] h = new long[hashes.length * 2];
            int[] s = new int[slots.length * 2];
            for (int i = 0; i < hashes.length; i++) {
                if (slots[i] != 0) {
                    insert(h, s, hashes[i], slots[i]);
                }
            }
            hashes = h;
            slots = s;
        }

        private static void insert(long[] hashes, int[] slots, long hash, int slot) {
            int mask = hashes.length - 1;
            int i = (int) hash & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            hashes[i] = hash;
            slots[i] = slot;
        }
    }
}
