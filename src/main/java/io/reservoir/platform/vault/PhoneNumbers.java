package io.reservoir.platform.vault;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.reservoir.platform.errors.ReservoirException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises phone numbers of any country to E.164 ({@code +8613800138000}, {@code +447400123456})
 * with libphonenumber's rules and metadata.
 *
 * <p>A number written with its country code ({@code +44 7400 123456}, {@code 0044…}) is read as
 * such; one written without is read in the brand's phone region ({@code 07400 123456} in GB).
 * Chinese mobile numbers keep every form accepted before: {@code 13800138000}, {@code +86 138 0013
 * 8000}, {@code 0086-138-0013-8000} and, in region CN, {@code 86 13800138000}; their E.164 form (and
 * so their hashes) is unchanged. A {@code +86} number must be a mobile number, as the platform reaches
 * Chinese customers by SMS and their landlines are not identities of a person; other countries' valid
 * numbers of any type are accepted.
 */
public final class PhoneNumbers {

    /** The region of numbers without a country code when the caller knows no brand. */
    public static final String DEFAULT_REGION = "CN";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    private static final Pattern ALLOWED = Pattern.compile("\\+?\\d{3,17}");
    private static final int CN = 86;

    private PhoneNumbers() {}

    /** {@link #normalise(String, String, String)} of field {@code phone} in region CN. */
    public static String normalise(String raw) {
        return normalise("phone", raw, DEFAULT_REGION);
    }

    /**
     * @param field the request field, named by errors
     * @param region the ISO 3166 region of a number written without country code (null: CN)
     * @return the E.164 form of {@code raw}
     * @throws ReservoirException (invalid_field on {@code field}) when it is not a valid phone number
     */
    public static String normalise(String field, String raw, String region) {
        if (raw == null || raw.isBlank()) {
            throw ReservoirException.invalid(field, "is empty");
        }
        String home = region == null ? DEFAULT_REGION : region.toUpperCase(Locale.ROOT);
        String s = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (s.startsWith("00")) {
            // the international prefix most countries dial; libphonenumber knows only the home region's
            s = "+" + s.substring(2);
        }
        if (!ALLOWED.matcher(s).matches()) {
            throw ReservoirException.invalid(field, "'" + raw.strip() + "' is not a phone number");
        }
        boolean international = s.startsWith("+");
        PhoneNumber number;
        try {
            number = UTIL.parse(s, home);
        } catch (NumberParseException e) {
            throw ReservoirException.invalid(field, notValid(raw, international, home));
        }
        if (!UTIL.isValidNumber(number)) {
            throw ReservoirException.invalid(field, notValid(raw, international, home));
        }
        if (number.getCountryCode() == CN) {
            PhoneNumberType type = UTIL.getNumberType(number);
            if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
                throw ReservoirException.invalid(
                        field, "+86 numbers must be 11-digit mobile numbers starting with 13-19");
            }
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    private static String notValid(String raw, boolean international, String region) {
        return "'" + raw.strip() + "' is not a valid phone number"
                + (international ? "" : " for region " + region + " (or write it with +country code)");
    }

    /** The country calling code of an E.164 number ({@code 86} for {@code +8613800138000}). */
    static int countryCode(String e164) {
        try {
            return UTIL.parse(e164, DEFAULT_REGION).getCountryCode();
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number", e);
        }
    }
}
