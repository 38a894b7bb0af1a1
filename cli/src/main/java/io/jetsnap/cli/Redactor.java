package io.jetsnap.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Hides secrets in text the CLI prints: the user information of every URL
 * ({@code nats://user:pass@host} becomes {@code nats://user:***@host}, {@code nats://token@host}
 * becomes {@code nats://***@host}) and every known secret value (passwords, tokens, nkey seeds).
 */
final class Redactor {
    static final String MASK = "***";
    /** Shorter values are too likely to occur by chance to be masked everywhere; URLs still hide them. */
    private static final int MIN_SECRET_LENGTH = 3;
    private static final Pattern USER_AND_PASSWORD = Pattern.compile("(?<=://)([^:@/\\s,]*):[^@/\\s,]*@");
    private static final Pattern TOKEN = Pattern.compile("(?<=://)[^:@/\\s,]+@");
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

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String r = USER_AND_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
        r = TOKEN.matcher(r).replaceAll(MASK + "@");
        r = SEED.matcher(r).replaceAll(MASK);
        for (String s : secrets) {
            r = r.replace(s, MASK);
        }
        return r;
    }
}
