package io.reservoir.console;

import io.reservoir.insight.BusinessReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the dashboard writes a business figure of the insight reports: money as ¥1,234.50 (the
 * brand's currency's sign: US$, £, HK$, €…), counts
 * grouped, ratios as percentages with two decimals; the same in both languages so a number reads
 * alike on either page (and in the tests that compare it with the report).
 */
final class BusinessFormat {

    private BusinessFormat() {}

    /** The figure's value in its unit (money in {@code currency}), or null when undefined. */
    static String value(String unit, BigDecimal value, String currency) {
        if (value == null) {
            return null;
        }
        return switch (unit) {
            case "money" -> money(value, currency);
            case "ratio" -> FastDashboard.percent(value);
            case "days" -> value.toPlainString();
            default -> grouped(value, "#,##0");
        };
    }

    static String money(BigDecimal value, String currency) {
        String digits = amount(value.abs());
        String sign = sign(currency);
        return value.signum() < 0 ? "−" + sign + digits : sign + digits;
    }

    /** An amount's digits grouped, to the fen: {@code 12,345.60}. */
    static String amount(BigDecimal value) {
        return grouped(value, "#,##0.00");
    }

    /** The sign written before an amount: ¥ for CNY as always, else the currency's own (US$, £, €). */
    static String sign(String currency) {
        if (currency == null || currency.equals("CNY")) {
            return "¥";
        }
        return java.util.Currency.getInstance(currency).getSymbol(Locale.ROOT);
    }

    static String count(long n) {
        return grouped(BigDecimal.valueOf(n), "#,##0");
    }

    /**
     * A change as the cards show it: percentage points for ratios (the number only, for the
     * caller's words); otherwise relative to the earlier value, or absolute where that was 0.
     * Tone is up, down, flat or none (no comparison).
     */
    static FastDashboard.Delta change(String unit, BusinessReport.Change change, String currency) {
        if (change == null) {
            return new FastDashboard.Delta(null, "none");
        }
        BigDecimal shown;
        String text;
        if (unit.equals("ratio")) {
            shown = change.absolute().movePointRight(2).setScale(2, RoundingMode.HALF_UP);
            text = signed(shown, shown.abs().toPlainString());
        } else if (change.relative() != null) {
            shown = change.relative().movePointRight(2).setScale(2, RoundingMode.HALF_UP);
            text = signed(shown, shown.abs().toPlainString() + "%");
        } else {
            shown = change.absolute();
            String digits = unit.equals("money") ? money(shown.abs(), currency) : grouped(shown.abs(), "#,##0");
            text = signed(shown, digits);
        }
        return new FastDashboard.Delta(text, tone(shown));
    }

    private static String signed(BigDecimal change, String digits) {
        return switch (change.signum()) {
            case 1 -> "+" + digits;
            case -1 -> "−" + digits;
            default -> "±" + digits;
        };
    }

    private static String tone(BigDecimal change) {
        return switch (change.signum()) {
            case 1 -> "up";
            case -1 -> "down";
            default -> "flat";
        };
    }

    private static String grouped(BigDecimal value, String pattern) {
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }
}
