package io.reservoir.platform.vault;

import io.reservoir.platform.errors.ReservoirException;
import java.util.regex.Pattern;

/**
 * Normalises phone numbers to E.164 ({@code +8613800138000}).
 *
 * <p>Chinese mobile numbers arrive in many forms — {@code 13800138000}, {@code +86 138 0013 8000},
 * {@code 0086-138-0013-8000}, {@code 86 13800138000} — and must hash alike, so all become
 * {@code +86} followed by the 11-digit national number. Other numbers must carry their country
 * code ({@code +} or {@code 00}) and have 8 to 15 digits.
 */
public final class PhoneNumbers {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern E164_DIGITS = Pattern.compile("[1-9]\\d{7,14}");

    private PhoneNumbers() {}

    /**
     * @return the E.164 form of {@code raw}
     * @throws ReservoirException (invalid_field on {@code phone}) when it is not a phone number
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ReservoirException.invalid("phone", "is empty");
        }
        String s = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (s.startsWith("+")) {
            s = s.substring(1);
        } else if (s.startsWith("00")) {
            s = s.substring(2);
        } else if (CN_MOBILE.matcher(s).matches()) {
            return "+86" + s;
        } else if (!(s.startsWith("86") && CN_MOBILE.matcher(s.substring(2)).matches())) {
            // only a mainland mobile may omit the '+' before its country code
            throw ReservoirException.invalid("phone", "is not a mainland mobile number or an international number");
        }
        if (s.startsWith("86")) {
            String national = s.substring(2);
            if (!CN_MOBILE.matcher(national).matches()) {
                throw ReservoirException.invalid(
                        "phone", "+86 numbers must be 11-digit mobile numbers starting with 13-19");
            }
            return "+86" + national;
        }
        if (!E164_DIGITS.matcher(s).matches()) {
            throw ReservoirException.invalid("phone", "must have 8 to 15 digits after the country code");
        }
        return "+" + s;
    }
}
