package io.reservoir.console;

import io.reservoir.loyalty.PointsEntry;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Why a ledger entry happened, in the user's language. The ledger keeps the reason as the module
 * wrote it ({@code joining gift}, {@code order A1}, {@code redeemed 帆布袋}) and the cause in the
 * entry's key ({@code join:…}, {@code order:…}, {@code redeem:…}); the key's first part chooses the
 * message {@code ledger.reason.<cause>}, and what names the particular order or reward is taken
 * from the reason after its fixed words. An operator's adjustment reads as the operator wrote it.
 */
@Component("ledgerReasons")
class LedgerReasons {

    /** A cause's fixed words in front of the detail (order id, reward name) in the stored reason. */
    private static final Map<String, String> LEADS = Map.of(
            "order", "order ",
            "first_order", "first order ",
            "refund", "refund of order ",
            "redeem", "redeemed ");

    private final MessageSource messages;

    LedgerReasons(MessageSource messages) {
        this.messages = messages;
    }

    public String text(PointsEntry entry, Locale locale) {
        String reason = entry.reason() == null ? "" : entry.reason();
        if ("adjust".equals(entry.kind()) || entry.key() == null) {
            return reason;
        }
        int colon = entry.key().indexOf(':');
        String cause = colon < 0 ? entry.key() : entry.key().substring(0, colon);
        String lead = LEADS.getOrDefault(cause, "");
        String detail = reason.startsWith(lead) ? reason.substring(lead.length()) : reason;
        return messages.getMessage("ledger.reason." + cause, new Object[] {detail}, reason, locale);
    }
}
