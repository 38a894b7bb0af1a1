package io.jetsnap.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The commands or options closest to what was typed, as {@code git} and {@code nats} suggest them:
 * those at the smallest edit distance (a swap of two neighbours counts as one edit) within a third
 * of the word's length, else those the word begins. picocli's own suggestions are looser
 * ({@code --forec} gives {@code --force} and {@code --format} alike).
 */
final class Suggestion {
    private Suggestion() {
    }

    static List<String> closest(String typed, Collection<String> candidates) {
        String word = bare(typed);
        if (word.isEmpty()) {
            return List.of();
        }
        int limit = Math.max(1, word.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String candidate : candidates) {
            int d = distance(word, bare(candidate));
            if (d > limit || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (!closest.contains(candidate)) {
                closest.add(candidate);
            }
        }
        if (closest.isEmpty() && word.length() >= 2) {
            for (String candidate : candidates) {
                if (bare(candidate).startsWith(word) && !closest.contains(candidate)) {
                    closest.add(candidate);
                }
            }
        }
        return closest.size() > 3 ? List.of() : closest;
    }

    /** "; did you mean 'snapshot'?" or "; did you mean '--force' or '--format'?", or nothing. */
    static String didYouMean(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return "";
        }
        List<String> quoted = suggestions.stream().map(s -> "'" + s + "'").toList();
        String last = quoted.get(quoted.size() - 1);
        return "; did you mean " + (quoted.size() == 1 ? last
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + last) + "?";
    }

    private static String bare(String word) {
        return word.replaceFirst("^-+", "").replaceFirst("=.*$", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
