package io.reservoir.audience;

import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists of customers given to or taken from a manual tag: by public customer id or by identity
 * (phone, e-mail, member number, …, normalised and looked up as the identity graph keeps them).
 * An upload never creates a customer: rows that find nobody are reported back, as are values that
 * cannot be of their type, and the rest are applied in one transaction through {@link Tags}.
 */
@Service
class TagUploads {

    /** Reported rows of one kind are listed up to this many; the count covers all. */
    public static final int MAX_REPORTED = 20;

    /**
     * What an upload did.
     *
     * @param rows rows read
     * @param matched rows that found a customer
     * @param changed holders added, given the value, or removed
     * @param unchanged customers already as asked (a customer named twice counts once)
     * @param skipped erased customers, who hold no tags
     * @param unknown rows that found nobody
     * @param invalid rows whose value cannot be of its type
     */
    public record Result(int rows, int matched, int changed, int unchanged, int skipped, Rows unknown, Rows invalid) {}

    /** How many rows, and the first {@link #MAX_REPORTED} of them. */
    public record Rows(int count, List<Row> first) {}

    /**
     * A row as it was sent.
     *
     * @param at where it stood: {@code customers[3]}, {@code identities[0]}, {@code line 12}
     * @param type the identity type, or {@code customer_id}
     * @param reason why it was not applied, for an invalid row
     */
    public record Row(String at, String type, String value, String reason) {}

    private final Tags tags;
    private final Customers customers;

    TagUploads(Tags tags, Customers customers) {
        this.tags = tags;
        this.customers = customers;
    }

    /**
     * Gives a manual tag, with {@code value} (null: the plain tag), to the customers the list names.
     * Operators; audited.
     *
     * @param cause for the history; null: {@code upload}
     * @throws ReservoirException not_found (the tag), conflict naming {@code kind} when the tag is
     *     not a manual one, invalid {@code value}
     */
    @Transactional
    public Result add(Caller caller, long tagId, String value, MemberList list, String cause) {
        return apply(caller, tagId, value, list, cause, true);
    }

    /** Takes a manual tag, whatever its value, from the customers the list names. As {@link #add}. */
    @Transactional
    public Result remove(Caller caller, long tagId, MemberList list, String cause) {
        return apply(caller, tagId, null, list, cause, false);
    }

    private Result apply(Caller caller, long tagId, String value, MemberList list, String cause, boolean add) {
        caller.require(Role.OPERATOR);
        Tag tag = tags.get(caller, tagId);
        if (tag.kind() != TagKind.MANUAL) {
            throw ReservoirException.conflict(
                    "kind",
                    "tag '" + tag.name() + "' is a " + tag.kind().id() + " tag: its holders are computed by "
                            + (tag.kind() == TagKind.RULE ? "its rule" : "its model")
                            + "; only manual tags take lists");
        }
        long ws = caller.workspaceId();
        List<Row> invalid = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<IdentityValue> identities = new ArrayList<>();
        List<MemberList.Entry> valid = new ArrayList<>();
        for (MemberList.Entry entry : list.entries()) {
            if (entry.type() == null) {
                if (entry.value().isBlank()) {
                    invalid.add(row(entry, "is empty"));
                    continue;
                }
                ids.add(entry.value().strip());
                identities.add(null);
                valid.add(entry);
                continue;
            }
            try {
                identities.add(IdentityValue.of(entry.type(), entry.at(), entry.value()));
                ids.add(null);
                valid.add(entry);
            } catch (ReservoirException e) {
                invalid.add(row(entry, e.getMessage().substring(entry.at().length() + 2)));
            }
        }
        Map<String, Integer> byId = new HashMap<>();
        for (List<String> slice : Tags.slices(
                new LinkedHashSet<>(ids.stream().filter(id -> id != null).toList()))) {
            byId.putAll(customers.numbers(ws, slice));
        }
        Map<IdentityValue, Integer> byIdentity = new HashMap<>();
        for (List<IdentityValue> slice : Tags.slices(
                new LinkedHashSet<>(identities.stream().filter(v -> v != null).toList()))) {
            byIdentity.putAll(customers.holders(ws, slice));
        }
        List<Integer> found = new ArrayList<>();
        List<Row> unknown = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            Integer no = ids.get(i) != null ? byId.get(ids.get(i)) : byIdentity.get(identities.get(i));
            if (no == null) {
                unknown.add(row(valid.get(i), null));
            } else {
                found.add(no);
            }
        }
        String why = cause == null || cause.isBlank() ? "upload" : cause;
        Tags.Update update =
                add ? tags.assign(caller, tagId, value, found, why) : tags.remove(caller, tagId, found, why);
        return new Result(
                list.entries().size(),
                found.size(),
                update.changed(),
                update.unchanged(),
                update.skipped(),
                rows(unknown),
                rows(invalid));
    }

    private static Row row(MemberList.Entry entry, String reason) {
        return new Row(
                entry.at(),
                entry.type() == null ? MemberList.CUSTOMER_ID : entry.type().id(),
                clip(entry.value()),
                reason);
    }

    private static Rows rows(List<Row> rows) {
        return new Rows(rows.size(), List.copyOf(rows.subList(0, Math.min(rows.size(), MAX_REPORTED))));
    }

    /** A value as sent, shortened for the answer. */
    private static String clip(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "…" : value;
    }
}
