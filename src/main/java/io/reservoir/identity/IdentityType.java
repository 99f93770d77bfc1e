package io.reservoir.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.vault.PhoneNumbers;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of identifier that point at a person (SPEC §2). */
public enum IdentityType {
    PHONE(true, true),
    EMAIL(false, true),
    MEMBER_NO(true, false),
    TMALL_OUID(false, false),
    TAOBAO_NICK(false, false),
    JD_PIN(false, false),
    DOUYIN_OPENID(false, false),
    WECHAT_UNIONID(true, false),
    WECHAT_OPENID(false, false),
    WECOM_EXTERNAL_ID(false, false),
    APP_USER_ID(false, false),
    ANONYMOUS_ID(false, false),
    DEVICE_ID(false, false);

    static final int MAX_VALUE_LENGTH = 200;

    private final boolean uniquePerPerson;
    private final boolean personalData;

    IdentityType(boolean uniquePerPerson, boolean personalData) {
        this.uniquePerPerson = uniquePerPerson;
        this.personalData = personalData;
    }

    /** A person has at most one value of this type; two profiles with different values never merge. */
    public boolean uniquePerPerson() {
        return uniquePerPerson;
    }

    /** Stored encrypted, found by keyed hash, shown masked. */
    public boolean personalData() {
        return personalData;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code id} ({@code phone}, {@code tmall_ouid}, …), if it is one. */
    public static Optional<IdentityType> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }

    public static IdentityType parse(String field, String id) {
        return of(id).orElseThrow(() -> ReservoirException.invalid(
                field,
                "'" + id + "' is not an identity type; one of "
                        + Arrays.stream(values()).map(IdentityType::id).collect(Collectors.joining(", "))));
    }

    /**
     * The canonical form of a value of this type: phones in E.164, e-mails lower-case, others
     * trimmed. Equal people give equal canonical values.
     *
     * @throws ReservoirException naming {@code field} when the value cannot be one of this type
     */
    public String normalise(String field, String raw) {
        return normalise(field, raw, PhoneNumbers.DEFAULT_REGION);
    }

    /**
     * The canonical form, reading a phone number written without country code in {@code
     * phoneRegion} (the brand's, ISO 3166).
     */
    public String normalise(String field, String raw, String phoneRegion) {
        if (raw == null || raw.isBlank()) {
            throw ReservoirException.invalid(field, "is empty");
        }
        String value = raw.strip();
        String canonical = switch (this) {
            case PHONE -> PhoneNumbers.normalise(field, value, phoneRegion);
            case EMAIL -> {
                String lower = value.toLowerCase(Locale.ROOT);
                int at = lower.indexOf('@');
                if (at < 1 || at != lower.lastIndexOf('@') || at == lower.length() - 1 || lower.contains(" ")) {
                    throw ReservoirException.invalid(field, "'" + value + "' is not an e-mail address");
                }
                yield lower;
            }
            default -> value;
        };
        if (canonical.length() > MAX_VALUE_LENGTH) {
            throw ReservoirException.invalid(field, "is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        if (canonical.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid(field, "contains control characters");
        }
        return canonical;
    }
}
