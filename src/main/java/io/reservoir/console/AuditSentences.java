package io.reservoir.console;

import io.reservoir.platform.audit.AuditEntry;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Says an audit entry as a sentence in the user's language, "<who> <did what> <to what>": one
 * message {@code audit.said.<action>} per action, with {@code {0}} the actor (Reservoir itself
 * named in the user's language), {@code {1}} what the
 * change was made to (its name where the entry keeps one, else its id) and {@code {2}} the one
 * further fact the action's sentence needs (a key's kind, a new user's role, a number). Each action
 * also has a short label, {@code audit.action.<action>}, for the filter. An action without a
 * message reads as its code (a test keeps every action the code records covered).
 */
@Component
class AuditSentences {

    static final String SAID = "audit.said.";
    static final String LABEL = "audit.action.";

    private final MessageSource messages;

    AuditSentences(MessageSource messages) {
        this.messages = messages;
    }

    String sentence(AuditEntry entry, Locale locale) {
        String actor = "system".equals(entry.actorKind())
                ? messages.getMessage("audit.actor.system", null, entry.actorName(), locale)
                : entry.actorName();
        Object[] args = {actor, subject(entry), fact(entry, locale)};
        return messages.getMessage(SAID + entry.action(), args, actor + " " + entry.action(), locale);
    }

    String label(String action, Locale locale) {
        return messages.getMessage(LABEL + action, null, action, locale);
    }

    /** The name of what was changed, as the entry keeps it (a renamed thing by its new name), else its id. */
    static String subject(AuditEntry entry) {
        Map<String, Object> detail = entry.detail();
        for (String key : new String[] {"name", "username", "file"}) {
            Object value = detail.get(key);
            if (value instanceof Map<?, ?> change && change.get("to") != null) {
                return change.get("to").toString();
            }
            if (value != null && !(value instanceof Map<?, ?>)) {
                return value.toString();
            }
        }
        return entry.targetId() == null ? "" : entry.targetId();
    }

    private String fact(AuditEntry entry, Locale locale) {
        Map<String, Object> detail = entry.detail();
        return switch (entry.action()) {
            case "key.created", "key.revoked" ->
                said("audit.keyKind." + detail.get("kind"), detail.get("kind"), locale);
            case "user.created" -> said("role." + detail.get("role"), detail.get("role"), locale);
            case "user.sign_in_failed" -> said("audit.reason." + detail.get("reason"), detail.get("reason"), locale);
            case "reward.stock_changed" -> number(detail.get("added"), locale);
            case "points.adjusted" -> number(detail.get("points"), locale);
            case "tag.assigned", "tag.removed" -> number(detail.get("changed"), locale);
            case "snapshot.taken" -> number(detail.get("size"), locale);
            case "segment.exported",
                    "snapshot.exported",
                    "report.customers_exported",
                    "import.rejects.downloaded",
                    "customers.exported" -> number(detail.get("rows"), locale);
            default -> "";
        };
    }

    private String said(String key, Object raw, Locale locale) {
        return messages.getMessage(key, null, raw == null ? "" : raw.toString(), locale);
    }

    private static String number(Object value, Locale locale) {
        if (value instanceof Number n) {
            return NumberFormat.getIntegerInstance(locale).format(n.longValue());
        }
        return value == null ? "" : value.toString();
    }
}
