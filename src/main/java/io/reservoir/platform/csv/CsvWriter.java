package io.reservoir.platform.csv;

import java.util.List;

/**
 * Formats values as one RFC 4180 line: quoted only when they hold a comma, a quote or a line break
 * (import rejects, report exports).
 */
public final class CsvWriter {

    private CsvWriter() {}

    public static String line(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            field(line, values.get(i));
        }
        return line.toString();
    }

    public static void field(StringBuilder line, String value) {
        if (value == null) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
