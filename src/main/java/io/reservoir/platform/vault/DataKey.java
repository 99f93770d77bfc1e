package io.reservoir.platform.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master data key and the purpose-bound keys derived from it.
 *
 * <p>One master key (32 bytes) comes from configuration or, on the embedded default, from a file
 * created on first start with owner-only permissions. Each use (encryption, lookup hashes, API key
 * hashes) gets its own key, derived as HMAC-SHA256(master, purpose), so that no key serves two
 * purposes and a fingerprint can be published without revealing any of them.
 */
final class DataKey {

    static final String FILE_NAME = "reservoir.key";
    private static final int KEY_BYTES = 32;

    private final byte[] master;

    private DataKey(byte[] master) {
        if (master.length != KEY_BYTES) {
            throw new IllegalStateException(
                    "RESERVOIR_DATA_KEY must be " + KEY_BYTES + " bytes (base64), got " + master.length + " bytes");
        }
        this.master = master.clone();
    }

    /** Parses a configured key: base64 (standard or URL-safe) or hex of 32 bytes. */
    static DataKey parse(String configured) {
        String text = configured.strip();
        try {
            if (text.length() == 2 * KEY_BYTES && text.matches("[0-9a-fA-F]+")) {
                return new DataKey(HexFormat.of().parseHex(text));
            }
            return new DataKey(
                    Base64.getMimeDecoder().decode(text.replace('-', '+').replace('_', '/')));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("RESERVOIR_DATA_KEY is neither base64 nor hex of 32 bytes", e);
        }
    }

    /** Reads the key file in {@code dir}, creating it (and the folder) owner-only when missing. */
    static DataKey fromFile(Path dir, SecureRandom random) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                random.nextBytes(fresh);
                writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh));
            }
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the data key file " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another process created it first; use theirs
        }
        Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    }

    /** A key for one purpose, independent of the keys of all other purposes. */
    byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(("reservoir/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A short public identifier of the key, stored in the database to catch a wrong key at start. */
    String fingerprint() {
        return HexFormat.of().formatHex(derive("fingerprint"), 0, 8);
    }
}
