package io.reservoir.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code reservoir.*}, validated at start.
 *
 * @param dataDir folder of the embedded database and, when no data key is configured, its key file
 * @param dataKey base64 of 32 bytes protecting PII and API keys; empty means "use the key file"
 * @param adminPassword initial password of the first admin; empty means "generate and log once"
 * @param bootstrap keys created with exactly these values on first start, for scripted set-ups,
 *     and the service provider's key and password (created on any start when missing)
 * @param maxRequestBytes larger request bodies are refused with 413
 * @param maxUploadBytes the same for CSV uploads to the management API ({@code text/csv} bodies of
 *     {@code /api/v1/**}), which list up to 100,000 customers
 * @param login rate limit of failed console logins
 */
@Validated
@ConfigurationProperties("reservoir")
public record PlatformSettings(
        @NotNull @DefaultValue("./data") Path dataDir,
        String dataKey,
        String adminPassword,
        @NotNull @DefaultValue Bootstrap bootstrap,
        @Min(1024) @DefaultValue("1048576") long maxRequestBytes,
        @Min(1024) @DefaultValue("8388608") long maxUploadBytes,
        @NotNull @DefaultValue Login login) {

    /**
     * @param providerKey the service provider's API key ({@code /api/v1/workspaces}); empty: none
     * @param providerPassword the console password of the {@code provider} login; empty means
     *     "generate and log once"
     */
    public record Bootstrap(String managementKey, String writeKey, String providerKey, String providerPassword) {}

    public record Login(
            @Min(1) @DefaultValue("5") int maxFailures,
            @NotNull @DefaultValue("15m") Duration window) {}
}
