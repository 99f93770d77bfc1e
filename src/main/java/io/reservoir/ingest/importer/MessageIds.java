package io.reservoir.ingest.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Message ids derived from the file's content, never from time or chance: importing the same file
 * again, or redoing a chunk after a crash, yields the same ids, which intake then counts as
 * duplicates and ignores.
 */
final class MessageIds {

    /** Intake's limit on a message id. */
    static final int MAX = 200;

    private MessageIds() {}

    /** {@code prefix + key}, or {@code prefix + hash(key)} when the key is too long or holds control characters. */
    static String of(String prefix, String key) {
        if (prefix.length() + key.length() <= MAX && key.chars().noneMatch(c -> c < 0x20)) {
            return prefix + key;
        }
        return prefix + "h:" + hash(key);
    }

    /** 128 bits of SHA-256 in URL-safe Base64 (22 characters). */
    static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
