package io.reservoir.audience;

import io.reservoir.identity.IdentityType;
import io.reservoir.platform.errors.ReservoirException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The customers an upload names, as sent: public customer ids, or identities of one or more types,
 * each with where it stood ({@code customers[3]}, {@code identities[0]}, {@code line 12}). Values
 * are not judged here; the upload reports those that find nobody or cannot be of their type.
 *
 * @param entries at most {@link #MAX_ROWS}
 */
record MemberList(List<Entry> entries) {

    public MemberList {
        entries = List.copyOf(entries);
    }

    /** Most rows one request may name. */
    public static final int MAX_ROWS = Tags.MAX_CUSTOMERS;

    /** The CSV column of public customer ids. */
    public static final String CUSTOMER_ID = "customer_id";

    /**
     * One row.
     *
     * @param type null for a public customer id
     */
    public record Entry(String at, IdentityType type, String value) {}

    /**
     * Reads {@code {"customers": ["<public id>", …]}} or {@code {"identities": [{"type": "phone",
     * "value": "138…"}, …]}}; other keys of the body are the caller's to read.
     *
     * @throws ReservoirException invalid naming the field, too large past {@link #MAX_ROWS}
     */
    static MemberList fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ReservoirException.invalid(
                    "body", "must be a JSON object with customers (public ids) or identities ({type, value})");
        }
        JsonNode customers = body.get("customers");
        JsonNode identities = body.get("identities");
        boolean byId = customers != null && !customers.isNull();
        boolean byIdentity = identities != null && !identities.isNull();
        if (byId == byIdentity) {
            throw ReservoirException.invalid(
                    byId ? "identities" : "customers",
                    byId ? "give customers or identities, not both" : "is required (or identities)");
        }
        String field = byId ? "customers" : "identities";
        JsonNode list = byId ? customers : identities;
        if (!list.isArray()) {
            throw ReservoirException.invalid(field, "must be a list");
        }
        if (list.isEmpty()) {
            throw ReservoirException.invalid(field, "is empty");
        }
        if (list.size() > MAX_ROWS) {
            throw ReservoirException.tooLarge(
                    field, "has " + list.size() + " entries; at most " + MAX_ROWS + " per request");
        }
        List<Entry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode node = list.get(i);
            if (byId) {
                if (!node.isString()) {
                    throw ReservoirException.invalid(at, "must be a customer id (a string)");
                }
                entries.add(new Entry(at, null, node.asString()));
                continue;
            }
            if (!node.isObject()) {
                throw ReservoirException.invalid(
                        at, "must be an object such as {\"type\": \"phone\", \"value\": \"…\"}");
            }
            JsonNode type = node.get("type");
            JsonNode value = node.get("value");
            if (type == null || !type.isString()) {
                throw ReservoirException.invalid(at + ".type", "is required: an identity type such as phone");
            }
            if (value == null || !value.isString()) {
                throw ReservoirException.invalid(at + ".value", "is required (a string)");
            }
            entries.add(new Entry(at, IdentityType.parse(at + ".type", type.asString()), value.asString()));
        }
        return new MemberList(entries);
    }

    /**
     * Reads a CSV upload: UTF-8 text (a byte-order mark is skipped), one column whose header names
     * what the lines hold ({@code customer_id}, or an identity type: {@code phone}, {@code email},
     * {@code member_no}, …), then one value a line; blank lines are skipped and values may be quoted.
     *
     * @throws ReservoirException invalid naming {@code body} or {@code header}, too large naming
     *     {@code rows} past {@link #MAX_ROWS}
     */
    static MemberList fromCsv(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ReservoirException.invalid("body", "is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.length) {
            throw ReservoirException.invalid(
                    "body", "is empty: send a header (" + CUSTOMER_ID + " or an identity type) and one value a line");
        }
        String header = unquote(lines[headerLine]).toLowerCase(Locale.ROOT);
        IdentityType type = null;
        if (!header.equals(CUSTOMER_ID)) {
            type = IdentityType.of(header)
                    .orElseThrow(() -> ReservoirException.invalid(
                            "header",
                            "'" + clip(header) + "' is not a column of this upload; one column: " + CUSTOMER_ID
                                    + " or one of "
                                    + Arrays.stream(IdentityType.values())
                                            .map(IdentityType::id)
                                            .collect(Collectors.joining(", "))));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (entries.size() == MAX_ROWS) {
                throw ReservoirException.tooLarge(
                        "rows", "the file has more than " + MAX_ROWS + " rows; at most " + MAX_ROWS + " per request");
            }
            entries.add(new Entry("line " + (i + 1), type, unquote(lines[i])));
        }
        if (entries.isEmpty()) {
            throw ReservoirException.invalid("rows", "the file has a header and no rows");
        }
        return new MemberList(entries);
    }

    private static String unquote(String line) {
        String value = line.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\"\"", "\"").strip();
        }
        return value;
    }

    /** Part of an untrusted header, for a message. */
    private static String clip(String text) {
        String printable = text.chars()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
