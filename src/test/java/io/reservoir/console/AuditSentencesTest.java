package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.audit.AuditEntry;
import io.reservoir.support.SourceText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Every action the product records in the audit log reads as a sentence, and has a filter label,
 * in English and in Chinese. The actions are read from the sources: the second argument of each
 * {@code audit.record(…)} call and the first of each {@code CustomerLists.Audited(…)}, a constant
 * or variable followed to the literals it is given.
 */
class AuditSentencesTest {

    private static final Pattern RECORD = Pattern.compile("\\baudit\\.record\\(");
    private static final Pattern AUDITED = Pattern.compile("\\bnew (?:CustomerLists\\.)?Audited\\(");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z_]+(?:\\.[a-z_]+)+)\"");

    @Test
    void everyRecordedActionHasASentenceAndALabelInBothLanguages() throws IOException {
        Map<String, String> actions = recordedActions();
        Properties english = properties("messages.properties");
        Properties chinese = properties("messages_zh_CN.properties");

        assertThat(actions)
                .as("actions found in the sources")
                .containsKeys("key.created", "user.signed_in", "workspace.suspended", "segment.exported")
                .hasSizeGreaterThan(35);
        List<String> missing = new ArrayList<>();
        actions.forEach((action, where) -> {
            for (String key : List.of(AuditSentences.SAID + action, AuditSentences.LABEL + action)) {
                if (!english.containsKey(key)) {
                    missing.add(key + " in messages.properties (recorded in " + where + ")");
                }
                if (!chinese.containsKey(key)) {
                    missing.add(key + " in messages_zh_CN.properties (recorded in " + where + ")");
                }
            }
        });
        assertThat(missing).as("audit actions without their words").isEmpty();
    }

    @Test
    void anEntryReadsAsWhoDidWhatToWhatInTheUsersLanguage() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        AuditSentences sentences = new AuditSentences(messages);
        AuditEntry created = new AuditEntry(
                1,
                Instant.EPOCH,
                "user",
                7L,
                "admin",
                "key.created",
                "api_key",
                "3",
                Map.of("kind", "write", "name", "mini-program", "prefix", "rsv_w_ab"));
        AuditEntry signedIn =
                new AuditEntry(2, Instant.EPOCH, "user", 7L, "admin", "user.signed_in", "user", "7", Map.of());

        assertThat(sentences.sentence(created, Locale.SIMPLIFIED_CHINESE)).isEqualTo("admin 创建了写入密钥 mini-program");
        assertThat(sentences.sentence(created, Locale.ENGLISH)).isEqualTo("admin created the write key mini-program");
        assertThat(sentences.sentence(signedIn, Locale.ENGLISH)).isEqualTo("admin signed in");
        assertThat(sentences.sentence(signedIn, Locale.SIMPLIFIED_CHINESE)).isEqualTo("admin 登录了");
    }

    /** Each action with the file that records it. */
    static Map<String, String> recordedActions() throws IOException {
        Map<String, String> actions = new TreeMap<>();
        for (Path file : SourceText.files(SourceText.JAVA, ".java")) {
            String java = Files.readString(file);
            List<String> expressions = new ArrayList<>();
            expressions.addAll(arguments(java, RECORD, 1));
            expressions.addAll(arguments(java, AUDITED, 0));
            for (String expression : expressions) {
                if (expression.endsWith(".action()")) {
                    continue; // an Audited's action passed through: covered where the Audited is made
                }
                Set<String> found = actionsOf(java, expression);
                assertThat(found)
                        .as("the action of an audit entry in %s, given as: %s", file, expression)
                        .isNotEmpty();
                found.forEach(a -> actions.putIfAbsent(a, file.getFileName().toString()));
            }
        }
        return actions;
    }

    /**
     * The literals an action expression holds; for a name, the literals it is given in the same
     * file ({@code String action = … ;}, {@code ACTION = "…"}).
     */
    private static Set<String> actionsOf(String java, String expression) {
        Set<String> found = literals(expression);
        if (!found.isEmpty()) {
            return found;
        }
        Matcher assignment = Pattern.compile("\\b" + Pattern.quote(expression.strip()) + "\\s*=([^;]*);")
                .matcher(java);
        while (assignment.find()) {
            found.addAll(literals(assignment.group(1)));
        }
        return found;
    }

    private static Set<String> literals(String text) {
        Set<String> found = new TreeSet<>();
        LITERAL.matcher(text).results().forEach(m -> found.add(m.group(1)));
        return found;
    }

    /** The {@code index}th top-level argument of each call {@code call} finds. */
    private static List<String> arguments(String java, Pattern call, int index) {
        List<String> found = new ArrayList<>();
        Matcher m = call.matcher(java);
        while (m.find()) {
            List<String> args = new ArrayList<>();
            StringBuilder arg = new StringBuilder();
            int depth = 0;
            boolean inString = false;
            for (int i = m.end(); i < java.length(); i++) {
                char c = java.charAt(i);
                if (inString) {
                    arg.append(c);
                    if (c == '\\') {
                        arg.append(java.charAt(++i));
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                if (c == '"') {
                    inString = true;
                } else if (c == '(' || c == '{' || c == '[') {
                    depth++;
                } else if ((c == ')' || c == '}' || c == ']') && depth > 0) {
                    depth--;
                } else if (c == ')' || (c == ',' && depth == 0)) {
                    args.add(arg.toString().strip());
                    arg.setLength(0);
                    if (c == ')') {
                        break;
                    }
                    continue;
                }
                arg.append(c);
            }
            if (args.size() > index) {
                found.add(args.get(index));
            }
        }
        return found;
    }

    private static Properties properties(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader =
                Files.newBufferedReader(SourceText.MAIN.resolve(Path.of("resources", name)), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
