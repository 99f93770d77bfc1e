package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.PlatformSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class VaultConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void withoutAConfiguredKeyOnlyTheEmbeddedDatabaseMayUseAKeyFile() {
        var onPostgres = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/reservoir");
        var onH2 = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/reservoir");

        assertThatThrownBy(() -> new VaultConfiguration().piiVault(settings(null), onPostgres))
                .hasMessageContaining("RESERVOIR_DATA_KEY is required");
        assertThat(new VaultConfiguration().piiVault(settings(null), onH2).keyFingerprint())
                .hasSize(16);
        assertThat(dir.resolve(DataKey.FILE_NAME)).exists();
    }

    @Test
    void aConfiguredKeyIsUsedOnAnyDatabase() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        var onPostgres = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/reservoir");

        PiiVault vault = new VaultConfiguration().piiVault(settings(key), onPostgres);

        assertThat(vault.keyFingerprint()).isEqualTo(DataKey.parse(key).fingerprint());
        assertThat(dir.resolve(DataKey.FILE_NAME)).doesNotExist();
    }

    private PlatformSettings settings(String key) {
        return new PlatformSettings(
                dir,
                key,
                null,
                new PlatformSettings.Bootstrap(null, null, null, null),
                1 << 20,
                1 << 23,
                new PlatformSettings.Login(5, Duration.ofMinutes(15)));
    }
}
