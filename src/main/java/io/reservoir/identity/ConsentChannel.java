package io.reservoir.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reservoir.platform.errors.ReservoirException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The channels a customer consents to be reached on (SPEC §2). */
public enum ConsentChannel {
    SMS,
    EMAIL,
    WECOM,
    CALL,
    PUSH;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConsentChannel> of(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }

    public static ConsentChannel parse(String field, String id) {
        return of(id).orElseThrow(() -> ReservoirException.invalid(
                field, "'" + id + "' is not a consent channel; one of sms, email, wecom, call, push"));
    }
}
