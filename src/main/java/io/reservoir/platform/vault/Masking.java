package io.reservoir.platform.vault;

/** Shows personal data in a recognisable but unreadable form: {@code 138****5678}, {@code z***@qq.com}. */
public final class Masking {

    private Masking() {}

    /**
     * Masks a phone number given in any form {@link PhoneNumbers} accepts. Mainland mobiles keep
     * the first 3 and last 4 digits of the national number; others keep the country code and the
     * last 4 digits.
     */
    public static String phone(String phone) {
        return phone(phone, PhoneNumbers.DEFAULT_REGION);
    }

    /** Masks a phone number that may be written without country code in {@code region}. */
    public static String phone(String phone, String region) {
        String e164 = PhoneNumbers.normalise("phone", phone, region);
        if (e164.startsWith("+86")) {
            String national = e164.substring(3);
            return national.substring(0, 3) + "****" + national.substring(7);
        }
        String digits = e164.substring(1);
        return "+" + digits.substring(0, Math.min(2, digits.length() - 4)) + "****"
                + digits.substring(digits.length() - 4);
    }

    /** Keeps the first character of the local part and the whole domain. */
    public static String email(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
