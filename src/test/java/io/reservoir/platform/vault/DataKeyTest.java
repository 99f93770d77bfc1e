package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesAnOwnerOnlyKeyFileAndLaterStartsReuseIt() throws Exception {
        Path data = dir.resolve("data");
        DataKey first = DataKey.fromFile(data, new SecureRandom());
        DataKey second = DataKey.fromFile(data, new SecureRandom());

        Path file = data.resolve(DataKey.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void base64UrlSafeBase64AndHexOfTheSameBytesAreTheSameKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);

        String fromBase64 =
                DataKey.parse(Base64.getEncoder().encodeToString(bytes)).fingerprint();

        assertThat(DataKey.parse(Base64.getUrlEncoder().encodeToString(bytes)).fingerprint())
                .isEqualTo(fromBase64);
        assertThat(DataKey.parse(HexFormat.of().formatHex(bytes)).fingerprint()).isEqualTo(fromBase64);
    }

    @Test
    void aKeyOfTheWrongLengthOrFormIsRefusedAtStart() {
        assertThatThrownBy(() -> DataKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DataKey.parse("not a key!")).hasMessageContaining("RESERVOIR_DATA_KEY");
    }

    @Test
    void derivedKeysDifferByPurpose() {
        DataKey key = DataKey.parse(Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(key.derive("pii-encryption"))
                .isNotEqualTo(key.derive("lookup-hash"))
                .hasSize(32);
    }
}
