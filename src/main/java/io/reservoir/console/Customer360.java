package io.reservoir.console;

import io.reservoir.identity.CustomerProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The customer 360 page's parts in the reader's words: attribute, identity-type, consent-channel
 * and source names translated; tiers with the way to the next one; orders in yuan with thousands
 * separators and their products by name. Module sections arrive as plain maps (see
 * {@link io.reservoir.identity.ProfileSection}).
 */
@Component
class Customer360 {

    record Labelled(String label, String value) {}

    record Identity(String type, String value, Instant firstSeen) {}

    record Consent(String channel, boolean granted, String source, Instant changedAt) {}

    /** A brand's membership: tier name (null without tiers), points, the way to the next tier in words. */
    record Standing(String brand, String tier, String points, String progress) {}

    record OrderLine(String orderId, String brand, String paidAt, String channel, String net, String products) {}

    record Orders(String count, String net, String refunded, List<OrderLine> recent) {}

    private final MessageSource messages;

    Customer360(MessageSource messages) {
        this.messages = messages;
    }

    List<Labelled> attributes(CustomerProfile profile, TimelineText words) {
        return profile.attributes().entrySet().stream()
                .map(a -> new Labelled(words.attributeName(a.getKey()), words.attributeValue(a.getKey(), a.getValue())))
                .toList();
    }

    List<Identity> identities(CustomerProfile profile, Locale locale) {
        return profile.identities().stream()
                .map(i ->
                        new Identity(label("customer.idType." + i.type(), i.type(), locale), i.value(), i.firstSeen()))
                .toList();
    }

    List<Consent> consent(CustomerProfile profile, Locale locale) {
        return profile.consent().entrySet().stream()
                .map(c -> new Consent(
                        label("customer.consentChannel." + c.getKey(), c.getKey(), locale),
                        c.getValue().granted(),
                        source(c.getValue().source(), locale),
                        c.getValue().changedAt()))
                .toList();
    }

    List<Standing> standings(Object section, Map<Long, String> brands, Locale locale) {
        List<Standing> standings = new ArrayList<>();
        if (!(section instanceof List<?> list)) {
            return standings;
        }
        for (Object item : list) {
            Map<?, ?> s = (Map<?, ?>) item;
            long brandId = ((Number) s.get("brandId")).longValue();
            String tier = (String) s.get("tierName");
            String progress;
            if (tier == null) {
                progress = label("customer.progress.noTiers", "", locale);
            } else if (s.get("nextTierName") == null) {
                progress = label("customer.progress.top", "", locale);
            } else {
                String basis = (String) s.get("basis");
                BigDecimal current = decimal(s.get("current"));
                BigDecimal next = decimal(s.get("nextThreshold"));
                BigDecimal needed = decimal(s.get("needed"));
                boolean money = "net_spend".equals(basis);
                progress = messages.getMessage(
                        "customer.progress." + basis,
                        new Object[] {
                            money ? yuan(current) : BusinessFormat.count(current.longValue()),
                            money ? yuan(next) : BusinessFormat.count(next.longValue()),
                            s.get("nextTierName"),
                            money ? yuan(needed) : BusinessFormat.count(needed.longValue())
                        },
                        locale);
            }
            standings.add(new Standing(
                    brands.getOrDefault(brandId, Long.toString(brandId)),
                    tier,
                    BusinessFormat.count(((Number) s.get("points")).longValue()),
                    progress));
        }
        return standings;
    }

    /** The orders section; null when the customer has none. */
    Orders orders(Object section, Map<Long, String> brands, Locale locale) {
        if (!(section instanceof Map<?, ?> o) || ((Number) o.get("count")).intValue() == 0) {
            return null;
        }
        List<OrderLine> recent = new ArrayList<>();
        for (Object item : (List<?>) o.get("recent")) {
            Map<?, ?> line = (Map<?, ?>) item;
            String channel = (String) line.get("channel");
            recent.add(new OrderLine(
                    (String) line.get("orderId"),
                    brands.getOrDefault(((Number) line.get("brandId")).longValue(), ""),
                    ((String) line.get("paidAt")).substring(0, 10),
                    channel == null ? "" : label("business.channel." + channel, channel, locale),
                    yuan(decimal(line.get("net"))),
                    products(line.get("items"), locale)));
        }
        return new Orders(
                BusinessFormat.count(((Number) o.get("count")).longValue()),
                yuan(decimal(o.get("net"))),
                yuan(decimal(o.get("refunded")).add(decimal(o.get("refundedWithoutOrder")))),
                recent);
    }

    /** The products of an order by name (id or SKU when it carries no name), with quantities above one. */
    private String products(Object items, Locale locale) {
        if (!(items instanceof List<?> list)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> product)) {
                continue;
            }
            Object name = product.get("name") != null
                    ? product.get("name")
                    : product.get("sku") != null ? product.get("sku") : product.get("product_id");
            if (name == null) {
                continue;
            }
            Object quantity = product.get("quantity");
            boolean several = quantity instanceof Number n && n.longValue() > 1;
            names.add(several ? name + " × " + quantity : name.toString());
        }
        return String.join(label("timeline.separator", ", ", locale), names);
    }

    private String source(String source, Locale locale) {
        return source == null ? "" : label("customer.consentSource." + source, source, locale);
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }

    private static String yuan(BigDecimal value) {
        return BusinessFormat.money(value, "CNY");
    }

    private String label(String key, String fallback, Locale locale) {
        return messages.getMessage(key, null, fallback, locale);
    }
}
