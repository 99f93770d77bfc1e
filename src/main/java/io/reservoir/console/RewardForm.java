package io.reservoir.console;

import io.reservoir.loyalty.RewardItem;
import io.reservoir.platform.errors.ReservoirException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The reward form as typed: every field as text, so that a refused form shows again what was
 * typed. Reading it collects a problem for each field that does not parse, rather than stopping at
 * the first. Validity is by whole days in the brand's time zone: from the first day through the
 * last.
 */
record RewardForm(
        String name,
        String kind,
        String pointsPrice,
        String stock,
        String perMemberLimit,
        String validFrom,
        String validThrough,
        String minTier) {

    static RewardForm empty() {
        return new RewardForm("", "gift", "", "", "", "", "", "");
    }

    /** The form filled with an item, for editing it. */
    static RewardForm of(RewardItem item, ZoneId zone) {
        return new RewardForm(
                item.name(),
                item.kind(),
                Long.toString(item.pointsPrice()),
                item.stock() == null ? "" : item.stock().toString(),
                item.perMemberLimit() == null ? "" : item.perMemberLimit().toString(),
                item.validFrom() == null
                        ? ""
                        : item.validFrom().atZone(zone).toLocalDate().toString(),
                item.validUntil() == null
                        ? ""
                        : item.validUntil()
                                .minusSeconds(1)
                                .atZone(zone)
                                .toLocalDate()
                                .toString(),
                item.minTier() == null ? "" : item.minTier());
    }

    /**
     * The item this form describes. A field that does not parse adds its problem to
     * {@code problems} and takes a stand-in value, so that the rest can still be checked.
     */
    RewardItem toItem(long id, long brandId, ZoneId zone, List<ReservoirException> problems) {
        LocalDate from = read(problems, () -> ConsoleForms.optionalDate("validFrom", validFrom), null);
        LocalDate through = read(problems, () -> ConsoleForms.optionalDate("validUntil", validThrough), null);
        return new RewardItem(
                id,
                brandId,
                name,
                kind,
                read(problems, () -> ConsoleForms.wholeNumber("pointsPrice", pointsPrice), 1L),
                read(problems, () -> ConsoleForms.optionalInt("stock", stock), null),
                read(problems, () -> ConsoleForms.optionalInt("perMemberLimit", perMemberLimit), null),
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                through == null ? null : through.plusDays(1).atStartOfDay(zone).toInstant(),
                ConsoleForms.optionalText(minTier));
    }

    /** The fields of {@code problems}, to leave out the checks of values that were stand-ins. */
    static List<String> fields(List<ReservoirException> problems) {
        List<String> fields = new ArrayList<>();
        problems.forEach(p -> fields.add(p.field()));
        return fields;
    }

    private static <T> T read(List<ReservoirException> problems, Supplier<T> parse, T standIn) {
        try {
            return parse.get();
        } catch (ReservoirException e) {
            problems.add(e);
            return standIn;
        }
    }
}
