package io.reservoir.console;

import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/**
 * Numbers as every console page writes them, for the templates ({@code ${@figures.count(n)}}):
 * counts with thousands separators, amounts in yuan (stored in fen) with the sign of their
 * currency — {@code 12,345}, {@code ¥2,678.00} — the same in both languages.
 */
@Component("figures")
class Figures {

    /** A count: {@code 12,345}; null reads as a dash. */
    public String count(Number n) {
        return n == null ? "—" : BusinessFormat.count(n.longValue());
    }

    /** An amount kept in fen, in yuan: {@code ¥2,678.00}. */
    public String fen(Number fen) {
        return fen(fen, "CNY");
    }

    public String fen(Number fen, String currency) {
        return fen == null ? "—" : BusinessFormat.money(BigDecimal.valueOf(fen.longValue(), 2), currency);
    }

    /** An amount in yuan: {@code ¥2,678.00}. */
    public String yuan(BigDecimal yuan) {
        return yuan == null ? "—" : BusinessFormat.money(yuan, "CNY");
    }

    /** An amount's digits, grouped and to the fen, for a page that writes its currency's sign itself: {@code 12,345.60}. */
    public String amount(BigDecimal value) {
        return value == null ? "—" : BusinessFormat.amount(value);
    }

    /** As {@link #amount(BigDecimal)}, for a report that carries its amounts as decimal text. */
    public String amount(String value) {
        return value == null ? "—" : amount(new BigDecimal(value));
    }

    /** A points change with its sign: {@code +1,200}, {@code −300}. */
    public String signed(long points) {
        String digits = BusinessFormat.count(Math.abs(points));
        return points > 0 ? "+" + digits : points < 0 ? "−" + digits : digits;
    }
}
