package io.jetsnap.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in text the CLI prints: the user information of everything that looks like a URL
 * ({@code nats://user:pass@host} becomes {@code nats://user:***@host}, {@code nats://token@host}
 * and {@code token@host:4222} become {@code ***@host...}), and every known secret value
 * (passwords, tokens, nkey seeds, and the user information of the server URLs jetsnap was given,
 * however they are written: a password may hold a space, a {@code /}, a {@code @} or any other
 * character, which no pattern can tell from the text around it).
 *
 * <p>A URL in text is masked up to the <em>last</em> {@code @} before the next whitespace or the
 * next URL, whether it parses or not; a word without a scheme is masked when it is
 * {@code userinfo@host:port} or {@code user:password@...}.
 */
final class Redactor {
    static final String MASK = "***";
    /** Shorter values are too likely to occur by chance to be masked everywhere; URLs still hide them. */
    private static final int MIN_SECRET_LENGTH = 3;
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern WORD = Pattern.compile("\\S+");
    /** What follows the {@code @} of a URL without a scheme: a host and port. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]]+:\\d+.*");
    /** {@code user:password} before an {@code @}, not a {@code file:/path}. */
    private static final Pattern USER_AND_PASSWORD = Pattern.compile("[^:/]*:(?!/).*", Pattern.DOTALL);
    /** What may stand before a word without being part of it: quotes and brackets. */
    private static final String OPENERS = "'\"[(<`";
    /** An nkey seed (S + type + 56 base32 characters), wherever it turns up. */
    private static final Pattern SEED = Pattern.compile("\\bS[OPANUCX][A-Z2-7]{56}\\b");

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH && !kept.contains(s)) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(kept);
    }

    /** Knows no secret values: hides only credentials in URLs and nkey seeds. */
    static Redactor urlsOnly() {
        return new Redactor(List.of());
    }

    /** A redactor that also hides {@code more} secrets. */
    Redactor with(List<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return new Redactor(all);
    }

    /**
     * The secrets a server URL (or a comma-separated list of them) carries, however it is written:
     * for the whole and for each part, everything between the scheme (or the start) and the last
     * {@code @}, the password in it (after its first {@code :}), and both percent-decoded.
     */
    static List<String> credentialsIn(String urls) {
        List<String> found = new ArrayList<>();
        List<String> candidates = new ArrayList<>(List.of(urls.split(",")));
        candidates.add(urls);
        for (String url : candidates) {
            int at = url.lastIndexOf('@');
            if (at < 0) {
                continue;
            }
            int scheme = url.indexOf("://");
            int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            String userInfo = url.substring(start, at).strip();
            for (String s : new String[] {userInfo, decoded(userInfo)}) {
                found.add(s);
                int colon = s.indexOf(':');
                if (colon >= 0) {
                    found.add(s.substring(colon + 1));
                }
            }
        }
        return found;
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String r = text;
        for (String s : secrets) {
            r = r.replace(s, MASK);
        }
        Matcher words = WORD.matcher(r);
        StringBuilder out = new StringBuilder(r.length());
        int last = 0;
        while (words.find()) {
            out.append(r, last, words.start()).append(maskWord(words.group()));
            last = words.end();
        }
        out.append(r, last, r.length());
        return SEED.matcher(out).replaceAll(MASK);
    }

    /** One whitespace-free word: each URL in it up to its last {@code @}, or the word itself if it is {@code userinfo@host}. */
    private static String maskWord(String word) {
        if (word.indexOf('@') < 0) {
            return word;
        }
        Matcher scheme = SCHEME.matcher(word);
        if (!scheme.find()) {
            return maskWithoutScheme(word);
        }
        StringBuilder out = new StringBuilder(word.length());
        out.append(word, 0, scheme.start());
        while (true) {
            int from = scheme.end();
            out.append(word, scheme.start(), from);
            int to = scheme.find() ? scheme.start() : word.length();
            out.append(maskUserInfo(word.substring(from, to), true));
            if (to == word.length()) {
                return out.toString();
            }
        }
    }

    private static String maskWithoutScheme(String word) {
        int begin = 0;
        while (begin < word.length() && OPENERS.indexOf(word.charAt(begin)) >= 0) {
            begin++;
        }
        String rest = word.substring(begin);
        int at = rest.lastIndexOf('@');
        if (at <= 0 || !(USER_AND_PASSWORD.matcher(rest.substring(0, at)).matches()
                || HOST_AND_PORT.matcher(rest.substring(at + 1)).matches())) {
            return word;
        }
        return word.substring(0, begin) + maskUserInfo(rest, true);
    }

    /** {@code userinfo@host...} with everything before the last {@code @} masked, a plain user kept. */
    private static String maskUserInfo(String authority, boolean keepUser) {
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return authority;
        }
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        String kept = keepUser && colon > 0 ? userInfo.substring(0, colon + 1) : "";
        return kept + MASK + authority.substring(at);
    }

    private static String decoded(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray % is not an escape
        }
    }
}
