package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PiiVaultTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    final PiiVault vault = new PiiVault(DataKey.parse(KEY), new SecureRandom());

    @Test
    void sealedValuesOpenToTheOriginal() {
        for (String value : new String[] {"+8613800138000", "zhang.san@example.com", "张三", ""}) {
            assertThat(vault.open(vault.seal(value))).isEqualTo(value);
        }
    }

    @Test
    void sealingTwiceGivesDifferentTextsThatNeverContainThePlaintext() {
        String a = vault.seal("+8613800138000");
        String b = vault.seal("+8613800138000");

        assertThat(a).isNotEqualTo(b).startsWith("v1.").doesNotContain("13800138000");
    }

    @Test
    void anAlteredSealedValueIsRefused() {
        String sealed = vault.seal("+8613800138000");
        char last = sealed.charAt(sealed.length() - 1);
        String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> vault.open(altered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("altered");
        assertThatThrownBy(() -> vault.open("v1.abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.open("plain")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherKeyCannotOpenWhatThisKeySealed() {
        PiiVault other = new PiiVault(DataKey.parse(OTHER_KEY), new SecureRandom());

        assertThatThrownBy(() -> other.open(vault.seal("secret"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupHashesAreStablePerKindAndKey() {
        PiiVault other = new PiiVault(DataKey.parse(OTHER_KEY), new SecureRandom());
        String phone = vault.lookupHash("phone", "+8613800138000");

        assertThat(phone).hasSize(64).matches("[0-9a-f]+").isEqualTo(vault.lookupHash("phone", "+8613800138000"));
        assertThat(vault.lookupHash("email", "+8613800138000")).isNotEqualTo(phone);
        assertThat(vault.lookupHash("phone", "+8613800138001")).isNotEqualTo(phone);
        assertThat(other.lookupHash("phone", "+8613800138000")).isNotEqualTo(phone);
    }

    @Test
    void lookupHashesMatchHmacSha256UnderTheDerivedKey() throws Exception {
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(DataKey.parse(KEY).derive("lookup-hash"), "HmacSHA256"));
        mac.update("phone".getBytes());
        mac.update((byte) 0);
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("+8613800138000".getBytes()));

        assertThat(vault.lookupHash("phone", "+8613800138000")).isEqualTo(expected);
    }

    @Test
    void theFingerprintIdentifiesTheKeyWithoutRevealingIt() {
        PiiVault sameKey = new PiiVault(DataKey.parse(KEY), new SecureRandom());
        PiiVault other = new PiiVault(DataKey.parse(OTHER_KEY), new SecureRandom());

        assertThat(vault.keyFingerprint())
                .hasSize(16)
                .isEqualTo(sameKey.keyFingerprint())
                .isNotEqualTo(other.keyFingerprint());
    }
}
