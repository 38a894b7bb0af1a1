package io.jetsnap.cli;

import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.catalog.Pruner;
import io.jetsnap.core.catalog.RetentionPolicy;
import io.jetsnap.core.spi.StoredSnapshot;
import io.nats.client.support.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove old snapshots from a folder or S3 prefix, as restic forget does, for each group separately "
                + "(by default each stream of each origin, the cluster or server it was taken from: --group-by): "
                + "--keep-last N keeps its N newest; --keep-within DURATION keeps those made within DURATION of its newest "
                + "(not of now).",
                "A snapshot any rule keeps stays; files that are not snapshots are never removed; an index none of whose "
                        + "snapshots is left goes too. A prune that would leave a group with no snapshot is refused unless "
                        + "--unsafe-allow-remove-all. Prints what it keeps and removes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class PruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STORE", description = "A folder, or an S3 prefix (s3://bucket/prefix/).")
    String store;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep each group's N newest snapshots (0 is no rule, as in restic).")
    Integer keepLast;

    @Option(names = "--keep-within", paramLabel = "DURATION",
            description = "Keep each group's snapshots made within DURATION of its newest (e.g. 7d, 36h, 2w3d, 90m, P7D).")
    String keepWithin;

    @Option(names = "--unsafe-allow-remove-all",
            description = "Allow a stream to be left with no snapshot: with no rule (or only zero ones), remove every snapshot.")
    boolean removeAllAllowed;

    @Option(names = "--partial-older-than", paramLabel = "DURATION", defaultValue = "1d",
            description = "Remove what snapshots that never finished left behind (hidden .NAME.<random>.partial files) "
                    + "once last written longer ago than DURATION (default: ${DEFAULT-VALUE}; 0s: all of them, "
                    + "which fails a snapshot still being written there).")
    String partialOlderThan;

    @Option(names = "--stream", paramLabel = "NAME", description = "Only this stream's snapshots.")
    String stream;

    @Option(names = "--group-by", paramLabel = "origin,stream", defaultValue = "origin,stream",
            description = "What the rules count within: origin, stream, both (default: ${DEFAULT-VALUE}), or '' for all "
                    + "snapshots together, as restic's --group-by. A snapshot that does not record its origin (written by "
                    + "an older jetsnap) is of an unknown one.")
    String groupBy;

    @Option(names = {"-n", "--dry-run"}, description = "Only say what would be removed.")
    boolean dryRun;

    @Mixin
    CommonOptions common;

    private static Duration duration(String option, String text) {
        try {
            return RetentionPolicy.parseDuration(text);
        } catch (io.jetsnap.core.SnapshotException e) {
            throw io.jetsnap.core.SnapshotException.badInput(option + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        if (stream != null) {
            io.jetsnap.core.NatsNames.requireStreamName(stream, "--stream");
        }
        Duration within = keepWithin == null ? null : duration("--keep-within", keepWithin);
        RetentionPolicy policy = new RetentionPolicy(keepLast, within, removeAllAllowed, RetentionPolicy.parseGroupBy(groupBy));
        Duration partialAge = duration("--partial-older-than", partialOlderThan);
        Pruner.Result r = common.jetsnap().prune(store, policy, stream, dryRun, partialAge);
        long removed = r.decisions().stream().filter(d -> !d.keep()).count();
        if (common.json) {
            List<JsonValue> list = new ArrayList<>();
            for (RetentionPolicy.Decision d : r.decisions()) {
                Map<String, JsonValue> m = LsCommand.json(d.entry());
                m.put("keep", new JsonValue(d.keep()));
                m.put("reasons", new JsonValue(d.reasons().stream().map(JsonValue::new).toList()));
                list.add(new JsonValue(m));
            }
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("location", new JsonValue(store));
            m.put("dry_run", new JsonValue(dryRun));
            m.put("kept", new JsonValue(r.decisions().size() - removed));
            m.put("removed", new JsonValue(removed));
            m.put("snapshots", new JsonValue(list));
            m.put("removed_indexes", new JsonValue(r.removedIndexes().stream().map(JsonValue::new).toList()));
            m.put("removed_partials", new JsonValue(r.removedPartials().stream().map(p -> new JsonValue(LsCommand.json(p))).toList()));
            m.put("kept_partials", new JsonValue(r.keptPartials().stream().map(p -> new JsonValue(LsCommand.json(p))).toList()));
            common.out().println(Output.json(m));
            return Cli.OK;
        }
        String gone = dryRun ? "would remove" : "removed";
        for (RetentionPolicy.Decision d : r.decisions()) {
            common.out().printf("%-12s %-24s %-16s %s%s%n", d.keep() ? "keep" : gone,
                    d.entry().stream() == null ? "?" : d.entry().stream(), d.entry().origin() == null ? "-"
                            : d.entry().origin().label(), d.entry().name(),
                    d.keep() ? " (" + String.join(", ", d.reasons()) + ")" : "");
        }
        for (String index : r.removedIndexes()) {
            common.out().printf("%-12s %-24s %s (none of its snapshots is left)%n", gone, "index", index);
        }
        for (StoredSnapshot p : r.removedPartials()) {
            common.out().printf("%-12s %-24s %s (left by a snapshot that never finished)%n", gone, "partial",
                    SnapshotIndex.lastSegment(p.location()));
        }
        for (StoredSnapshot p : r.keptPartials()) {
            common.out().printf("%-12s %-24s %s (left by a snapshot that never finished; younger than %s)%n", "keep",
                    "partial", SnapshotIndex.lastSegment(p.location()), partialOlderThan);
        }
        common.out().printf("%d kept, %d %s%s%n", r.decisions().size() - removed, removed, dryRun ? "would be removed" : gone,
                dryRun ? " (dry run: nothing was changed)" : "");
        return Cli.OK;
    }
}
