package io.reservoir.ingest.importer;

import io.reservoir.ingest.EventNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic members file: one row per member. Identity columns ({@code member_no}, {@code phone},
 * {@code email}, {@code tmall_ouid}, {@code jd_pin}, …, {@code user_id}) identify the person; {@code
 * birthday} is a date; {@code joined_at}, when given, adds a {@code Member Joined} event; {@code
 * brand} and {@code channel} are the message's; every other column is a profile attribute (traits
 * {@code name}, {@code gender}, {@code city}, … as written).
 *
 * <p>The identify's message id is the member number (or the row) plus a hash of the row: the same
 * row imported twice is a duplicate, while a later export with a changed city is news.
 */
final class MemberMapping implements RowMapping {

    private static final Set<String> NOT_TRAITS = Set.of("joined_at", "brand", "channel");

    private final MessageFactory messages;

    MemberMapping(MessageFactory messages) {
        this.messages = messages;
    }

    @Override
    public void checkHeader(List<String> columns) {
        if (columns.stream().noneMatch(MessageFactory.IDENTITY_COLUMNS::contains)) {
            throw ImportRefused.file("a members file needs an identity column (one of "
                    + String.join(", ", MessageFactory.IDENTITY_COLUMNS) + "); its columns are " + columns);
        }
    }

    @Override
    public Mapped map(List<Row> group) {
        Row row = group.get(0);
        String content = MessageIds.hash(row.raw());
        String memberNo = row.get("member_no");
        String key = memberNo != null ? memberNo : content;
        ObjectNode identify = messages.identify(MessageIds.of("import:members:", key + ":" + content), null, row);
        ObjectNode traits = identify.putObject("traits");
        if (!messages.identities(row, identify, traits)) {
            throw MessageFactory.noIdentity();
        }
        for (String column : row.columns()) {
            if (column.isEmpty()
                    || MessageFactory.IDENTITY_COLUMNS.contains(column)
                    || NOT_TRAITS.contains(column)
                    || traits.has(column)) {
                continue;
            }
            String value = row.get(column);
            if (value != null) {
                traits.put(column, column.equals("birthday") ? Cells.date(column, value) : value);
            }
        }
        List<ObjectNode> out = new ArrayList<>(2);
        out.add(identify);
        String joinedAt = row.get("joined_at");
        if (joinedAt != null) {
            ObjectNode joined = messages.track(
                    MessageIds.of("import:members:joined:", key),
                    EventNames.MEMBER_JOINED,
                    messages.time("joined_at", joinedAt),
                    row);
            ObjectNode identities = ((ObjectNode) joined.get("context")).putObject("identities");
            messages.identities(row, joined, identities);
            out.add(joined);
        }
        return new Mapped.Messages(out);
    }
}
