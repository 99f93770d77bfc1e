package io.reservoir.platform.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts personal data at rest and hashes identifiers for lookups.
 *
 * <p>{@link #seal} uses AES-256-GCM with a fresh 96-bit nonce per value; the sealed text is
 * {@code v1.} followed by base64url(nonce ‖ ciphertext ‖ tag), so a later key version can be told
 * apart. {@link #lookupHash} is HMAC-SHA256 under a separate derived key, domain-separated by
 * kind, so equal phone numbers find each other without the number being stored in clear.
 */
public final class PiiVault {

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final DataKey key;
    private final SecretKey encryptionKey;
    private final Mac lookupMac;
    private final SecureRandom random;

    PiiVault(DataKey key, SecureRandom random) {
        this.key = key;
        this.encryptionKey = new SecretKeySpec(key.derive("pii-encryption"), "AES");
        this.random = random;
        try {
            this.lookupMac = Mac.getInstance("HmacSHA256");
            lookupMac.init(new SecretKeySpec(key.derive("lookup-hash"), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Encrypts {@code plaintext}; two calls with the same text give different results. */
    public String seal(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts what {@link #seal} produced.
     *
     * @throws IllegalArgumentException if the text was not sealed by this key or was altered
     */
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed value is not base64url", e);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed value is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed value was altered or sealed under another key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * A stable keyed hash (64 hex characters) of a normalised value, for exact-match lookups.
     *
     * @param kind what the value is ({@code phone}, {@code email}, {@code api_key}); equal values of
     *     different kinds hash differently
     */
    public String lookupHash(String kind, String value) {
        Mac mac;
        try {
            mac = (Mac) lookupMac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        mac.update(kind.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Identifies the data key without revealing it; Reservoir refuses to start on a changed key. */
    public String keyFingerprint() {
        return key.fingerprint();
    }
}
