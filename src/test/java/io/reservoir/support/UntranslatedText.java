package io.reservoir.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what the Chinese console shows untranslated: message keys ({@code loyalty.programSaved},
 * Thymeleaf's {@code ??key_zh_CN??}), raw codes ({@code at_risk}, {@code joining_gift}) and English
 * words. What may stay as it is: the product's and the trade's proper names and abbreviations
 * ({@link #WORDS}), and the names a test gives its data (a brand, a workspace, a user), passed in.
 */
public final class UntranslatedText {

    /** Words a Chinese page may show: names and abbreviations operators use as they are. */
    static final Set<String> WORDS = Set.of(
            "reservoir",
            "fast",
            "csv",
            "id",
            "ids",
            "rfm",
            "koc",
            "kol",
            "sku",
            "api",
            "json",
            "gmv",
            "aov",
            "clv",
            "english",
            "wecom",
            "sms",
            "qr",
            "vip",
            "tmall",
            "jd",
            "douyin",
            "wechat",
            "ndjson",
            "utc",
            "gbk",
            "utf",
            "sql",
            "url",
            "app",
            "md",
            "sha",
            "dmp",
            // the platforms' own names of their ids (天猫 OUID, 京东 PIN, 微信 UnionID / OpenID)
            "ouid",
            "pin",
            "unionid",
            "openid",
            // the FAST+ model's own metric names, which its Chinese terms stand beside
            "capital",
            "conversion",
            "connection");

    /**
     * Data, not words: customer ids, time zones, masked identities, ids and codes (letters mixed
     * with digits).
     */
    private static final Pattern DATA = Pattern.compile(
            "\\bc[0-9a-z]{15}\\b|\\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\\b|\\S*[*…]\\S*|\\b(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{4,}\\b");

    private static final Pattern MISSING_KEY = Pattern.compile("\\?\\?[^?\\s]+\\?\\?");
    private static final Pattern MESSAGE_KEY = Pattern.compile("\\b[a-z]+(?:\\.[a-zA-Z][a-zA-Z0-9_]*)+\\b");
    private static final Pattern CODE = Pattern.compile("\\b[a-z0-9]+(?:_[a-z0-9]+)+\\b");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{2,}");

    private UntranslatedText() {}

    /**
     * Each untranslated piece of {@code visible} (a page's {@code innerText}) with a little of the
     * text around it; empty when everything is in Chinese.
     *
     * @param names the test data's own names, which may contain English words
     */
    public static List<String> in(String visible, Collection<String> names) {
        String text = visible;
        for (String name : names) {
            text = text.replace(name, " ");
        }
        text = DATA.matcher(text).replaceAll(" ");
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(MISSING_KEY, MESSAGE_KEY, CODE)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found.add(context(text, m.start(), m.end()));
            }
            text = pattern.matcher(text).replaceAll(" ");
        }
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            if (!WORDS.contains(words.group().toLowerCase(Locale.ROOT))) {
                found.add(context(text, words.start(), words.end()));
            }
        }
        return found;
    }

    private static String context(String text, int start, int end) {
        String around = text.substring(Math.max(0, start - 15), Math.min(text.length(), end + 15));
        return "'" + text.substring(start, end) + "' in «" + around.replace('\n', ' ') + "»";
    }
}
