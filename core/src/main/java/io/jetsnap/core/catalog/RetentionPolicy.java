package io.jetsnap.core.catalog;

import io.jetsnap.core.SnapshotException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which snapshots to keep, with restic's semantics ({@code restic forget --keep-last --keep-within}),
 * applied to each group of snapshots separately, by default each stream of each origin (restic groups
 * by host and paths): the newest {@code keepLast}, and every one made within {@code keepWithin} of
 * that group's newest snapshot (not of now, so a stream that stopped being snapshotted keeps its
 * last ones). Production's and staging's snapshots of {@code orders} in one prefix are two groups. A snapshot that any rule keeps stays. Files that cannot
 * be read as snapshots are never removed.
 *
 * <p>As in restic, {@code keepLast} 0 and a zero {@code keepWithin} are no rule at all, never "keep
 * nothing": a templated {@code --keep-last ${KEEP:-0}} must not wipe the backups. Without a rule
 * the policy is refused, and a prune that would leave a stream with no snapshot is refused too,
 * unless {@code removeAllAllowed} (restic's {@code --unsafe-allow-remove-all}) says so.
 *
 * @param keepLast how many of each stream's newest snapshots to keep; null or 0 for no such rule
 * @param keepWithin keep each stream's snapshots this close to its newest; null or zero for no such rule
 * @param removeAllAllowed whether a group may be left with no snapshot (without any rule: every
 *     snapshot is removed)
 * @param groupBy what makes a group: the origin ({@link io.jetsnap.core.model.Origin#label()}; a
 *     snapshot that records none is of an unknown one), the stream, both, or neither (one group)
 */
public record RetentionPolicy(@Nullable Integer keepLast, @Nullable Duration keepWithin, boolean removeAllAllowed,
                              Set<GroupBy> groupBy) {
    /** What snapshots are grouped by, as restic's {@code --group-by}. */
    public enum GroupBy { ORIGIN, STREAM }

    /** The grouping unless one is asked for: by origin and stream. */
    public static final Set<GroupBy> DEFAULT_GROUPING = Set.copyOf(EnumSet.allOf(GroupBy.class));

    private static final Pattern PART = Pattern.compile("(\\d+)(w|d|h|m|s)");

    public RetentionPolicy {
        groupBy = Set.copyOf(groupBy);
        if (keepLast != null && keepLast < 0) {
            throw SnapshotException.badInput("--keep-last must be 0 or more, not " + keepLast);
        }
        if (keepWithin != null && keepWithin.isNegative()) {
            throw SnapshotException.badInput("--keep-within must not be negative");
        }
        if (keepLast != null && keepLast == 0) {
            keepLast = null;
        }
        if (keepWithin != null && keepWithin.isZero()) {
            keepWithin = null;
        }
        if (keepLast == null && keepWithin == null && !removeAllAllowed) {
            throw SnapshotException.badInput("no retention rule given (--keep-last 0 and --keep-within 0 are no rule, as in "
                    + "restic): say what to keep with --keep-last N (1 or more) and/or --keep-within DURATION; to remove "
                    + "every snapshot, say so with --unsafe-allow-remove-all");
        }
    }

    /** A policy grouping by origin and stream. */
    public RetentionPolicy(@Nullable Integer keepLast, @Nullable Duration keepWithin, boolean removeAllAllowed) {
        this(keepLast, keepWithin, removeAllAllowed, DEFAULT_GROUPING);
    }

    /** A policy that never leaves a group without a snapshot, grouping by origin and stream. */
    public RetentionPolicy(@Nullable Integer keepLast, @Nullable Duration keepWithin) {
        this(keepLast, keepWithin, false);
    }

    /**
     * Parses {@code --group-by}: a comma-separated list of {@code origin} and {@code stream}; an
     * empty one groups all snapshots together.
     */
    public static Set<GroupBy> parseGroupBy(String text) {
        Set<GroupBy> groups = EnumSet.noneOf(GroupBy.class);
        for (String part : text.split(",", -1)) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty() && text.isBlank()) {
                continue;
            }
            switch (p) {
                case "origin" -> groups.add(GroupBy.ORIGIN);
                case "stream" -> groups.add(GroupBy.STREAM);
                default -> throw SnapshotException.badInput("--group-by takes origin, stream, both (origin,stream) or '' "
                        + "(all together), not '" + text + "'");
            }
        }
        return groups;
    }

    /** The group a snapshot is in, as people read it: {@code orders from east}, {@code all snapshots}. */
    String groupOf(CatalogEntry e) {
        String origin = e.origin() == null ? "an unknown origin" : e.origin().label();
        if (groupBy.contains(GroupBy.STREAM) && groupBy.contains(GroupBy.ORIGIN)) {
            return "stream " + e.stream() + " from " + origin;
        }
        if (groupBy.contains(GroupBy.STREAM)) {
            return "stream " + e.stream();
        }
        return groupBy.contains(GroupBy.ORIGIN) ? "the snapshots from " + origin : "all snapshots";
    }

    /**
     * One snapshot's fate.
     *
     * @param reasons the rules that keep it (e.g. "last 3", "within 7d"); empty when it goes
     */
    public record Decision(CatalogEntry entry, boolean keep, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Decides for each snapshot, newest first within each stream (streams by name); unreadable
     * entries are kept, and only streams the filter takes are considered at all.
     *
     * @param stream only this stream's snapshots; null for every stream
     */
    public List<Decision> apply(List<CatalogEntry> entries, @Nullable String stream) {
        Map<String, List<CatalogEntry>> groups = new java.util.TreeMap<>();
        List<Decision> decisions = new ArrayList<>();
        for (CatalogEntry e : entries) {
            if (!e.readable()) {
                if (stream == null) {
                    decisions.add(new Decision(e, true, List.of("not a readable snapshot")));
                }
            } else if (stream == null || stream.equals(e.stream())) {
                groups.computeIfAbsent(groupOf(e), k -> new ArrayList<>()).add(e);
            }
        }
        List<Decision> ordered = new ArrayList<>();
        for (Map.Entry<String, List<CatalogEntry>> group : groups.entrySet()) {
            List<CatalogEntry> list = group.getValue();
            list.sort(Comparator.comparing(CatalogEntry::created).reversed().thenComparing(CatalogEntry::name));
            java.time.Instant newest = list.get(0).created();
            boolean anyKept = false;
            for (int i = 0; i < list.size(); i++) {
                CatalogEntry e = list.get(i);
                List<String> reasons = new ArrayList<>();
                if (keepLast != null && i < keepLast) {
                    reasons.add("last " + keepLast);
                }
                if (keepWithin != null && Duration.between(e.created(), newest).compareTo(keepWithin) <= 0) {
                    reasons.add("within " + format(keepWithin) + " of the newest");
                }
                anyKept |= !reasons.isEmpty();
                ordered.add(new Decision(e, !reasons.isEmpty(), reasons));
            }
            if (!removeAllAllowed && !anyKept) {
                throw SnapshotException.badInput("the prune would leave " + group.getKey() + " with no snapshot (it has "
                        + list.size() + "); nothing was removed; to allow that, say so with --unsafe-allow-remove-all");
            }
        }
        ordered.addAll(decisions);
        return ordered;
    }

    /**
     * Parses a duration as restic and Go write them, in whole units: {@code 7d}, {@code 36h},
     * {@code 2w3d}, {@code 90m}, {@code 30s}; or ISO-8601 ({@code P7D}, {@code PT36H}).
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            Duration d;
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw badDuration(text);
            }
            if (d.isNegative()) {
                throw badDuration(text);
            }
            return d;
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        try {
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
                end = m.end();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw SnapshotException.badInput("'" + text + "' is longer than any duration can be; write e.g. 7d, 36h, 2w3d, 90m or P7D");
        }
        if (end == 0 || end != t.length()) {
            throw badDuration(text);
        }
        return total;
    }

    private static SnapshotException badDuration(String text) {
        return SnapshotException.badInput("'" + text + "' is not a duration; write e.g. 7d, 36h, 2w3d, 90m or P7D");
    }

    /** A duration the way {@link #parseDuration} reads it: "7d", "1d12h". */
    static String format(Duration d) {
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("d", d.toDays());
        parts.put("h", (long) d.toHoursPart());
        parts.put("m", (long) d.toMinutesPart());
        parts.put("s", (long) d.toSecondsPart());
        StringBuilder b = new StringBuilder();
        parts.forEach((unit, n) -> {
            if (n > 0) {
                b.append(n).append(unit);
            }
        });
        return b.length() == 0 ? "0s" : b.toString();
    }
}
