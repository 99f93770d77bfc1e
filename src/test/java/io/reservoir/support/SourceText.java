package io.reservoir.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The product's sources as text, for the structure tests that scan the SQL in them. */
public final class SourceText {

    public static final Path MAIN = Path.of("src", "main");
    public static final Path JAVA = MAIN.resolve(Path.of("java", "io", "reservoir"));

    private static final Pattern STRING_LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

    private SourceText() {}

    /** The files below {@code root} whose names end with {@code suffix} ("": all), in path order. */
    public static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    /** The string literals and text blocks of a Java source, one after the other: its SQL among them. */
    public static List<String> stringLiterals(String java) {
        Matcher literal = STRING_LITERAL.matcher(java);
        return literal.results()
                .map(m -> m.group(1) != null ? m.group(1) : m.group(2))
                .toList();
    }
}
