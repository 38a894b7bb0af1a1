package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.batch.ManyStreams;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.RestorePreview;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.RestoreResult;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Rebuild a stream from a snapshot: its configuration becomes the snapshot's and its messages come back.",
                "STREAM may differ from the snapshot's stream (a clone). The whole snapshot is verified before anything changes.",
                "A target that already holds messages is refused unless --force, which deletes and recreates it.",
                "SOURCE may be a folder or prefix: the newest snapshot of STREAM there is restored (--at TIME: the newest taken at or before TIME).",
                "With --all, SOURCE is a folder or prefix: every stream's newest snapshot there is restored, whichever run wrote it;",
                "--index FILE (or an index as SOURCE) restores the streams of one snapshot --all run instead."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SOME_FAILED, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class RestoreCommand implements Callable<Integer>, Cli.Connects {
    @Parameters(arity = "0..2", paramLabel = "[STREAM] SOURCE", hideParamSyntax = true,
            description = "The stream to restore into (none with --all) and the snapshot: a file or a store URL, or a "
                    + "folder or prefix holding snapshots.")
    List<String> positional = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME", description = "With a folder or prefix: the newest snapshot taken at or "
            + "before TIME (RFC 3339, e.g. 2026-11-29T10:00:00Z) instead of the newest.")
    String at;

    @Option(names = "--index", paramLabel = "FILE", description = "With --all: restore the streams of this index (one "
            + "snapshot --all run), not every stream's newest snapshot.")
    String index;

    @Option(names = {"-n", "--dry-run"}, description = "Say what the restore would create, replace or refuse, and verify the "
            + "snapshot, without changing anything.")
    boolean dryRun;

    @Mixin
    ManyStreamsOptions many;

    @Option(names = "--all", description = "Restore every stream the newest index in the folder or prefix SOURCE lists (or the "
            + "index SOURCE names), each under its own name.")
    void all(boolean all) {
        many.all = all;
    }

    @Option(names = {"-f", "--force"}, description = "Delete and recreate the target stream if it holds messages.")
    boolean force;

    @Option(names = "--replicas", paramLabel = "N", description = "Replica count of the restored stream, 1 to 5 (default: the snapshot's).")
    Integer replicas;

    @Option(names = "--subjects", split = ",", paramLabel = "SUBJECT[,SUBJECT...]", hideParamSyntax = true,
            description = "Subjects of the restored stream instead of the snapshot's: clone a stream on the server that "
                    + "still has the original. Messages keep their subjects (nats-server 2.10+).")
    java.util.List<String> subjects;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Place the restored stream in this cluster instead of where "
            + "the snapshot's placement says (as nats stream restore --cluster); refused, nothing changed, where the servers "
            + "cannot (a server in no cluster, a cluster they do not know).")
    String cluster;

    @Option(names = "--tag", paramLabel = "TAG", description = "Place the restored stream on servers with this server tag "
            + "(repeatable; as nats stream restore --tag), instead of the snapshot's placement.")
    List<String> tags = List.of();

    @Option(names = "--no-consumers", description = "Do not restore the durable consumers the snapshot records.")
    boolean noConsumers;

    @Option(names = "--standalone", description = "Restore a mirror, or a stream with sources, as a stream of its own "
            + "(without the mirror or sources, which would copy their origins again on top of it).")
    boolean standalone;

    @Option(names = "--allow-config-loss", description = "Restore even where the server would not keep all of the "
            + "snapshot's configuration (a field an older server does not know, a value it changes); each such field "
            + "is then a note. Without it such a restore is refused before anything changes.")
    boolean allowConfigLoss;

    @Option(names = "--max-placeholders", paramLabel = "N", defaultValue = "" + RestoreRequest.DEFAULT_MAX_PLACEHOLDERS,
            description = "The most sequences without a message the publishing restore fills with a placeholder each "
                    + "(one publish each); a snapshot that needs more is refused before anything changes. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxPlaceholders;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "How the messages go back: server (nats-server 2.15+'s own restore: original timestamps, "
                    + "no header acted on again), publish (publish each message back at its sequence; any server), "
                    + "or auto (server where available). Default: ${DEFAULT-VALUE}.")
    String method;

    @Mixin
    CommonOptions common;

    /** nats-server's most replicas of a stream ({@code StreamMaxReplicas}, every version). */
    private static final int MAX_REPLICAS = 5;

    @Override
    public Integer call() {
        if (maxPlaceholders < 0) {
            throw io.jetsnap.core.SnapshotException.badInput("--max-placeholders must not be negative, not " + maxPlaceholders);
        }
        if (replicas != null && (replicas < 1 || replicas > MAX_REPLICAS)) {
            throw io.jetsnap.core.SnapshotException.badInput("--replicas must be 1 to " + MAX_REPLICAS + " (nats-server's most), not "
                    + replicas);
        }
        if (index != null && !many.all) {
            throw io.jetsnap.core.SnapshotException.badInput("--index goes with --all");
        }
        if (index != null && positional.isEmpty()) {
            positional = new ArrayList<>(List.of(index));
        } else if (index != null) {
            throw io.jetsnap.core.SnapshotException.badInput("--index names the source; give no other");
        }
        String stream = many.stream(positional, "restore");
        String source = positional.get(positional.size() - 1);
        Instant atTime = SnapshotCommand.parseTime("--at", at);
        if (subjects != null && (subjects.isEmpty() || subjects.stream().anyMatch(String::isBlank))) {
            throw io.jetsnap.core.SnapshotException.badInput("--subjects takes subjects separated by commas (e.g. --subjects "
                    + "'copy.orders.>'), and none of them empty");
        }
        if (stream != null) {
            io.jetsnap.core.NatsNames.requireStreamName(stream, "stream"); // before connecting, as the library does after
        }
        io.jetsnap.core.NatsNames.requireSubjects(subjects, "subject");
        if (many.all && subjects != null) {
            throw io.jetsnap.core.SnapshotException.badInput("--subjects gives one stream new subjects; it cannot go with --all");
        }
        RestoreRequest request = new RestoreRequest(stream == null ? "*" : stream, force, replicas, subjects, standalone,
                !noConsumers, method(method), allowConfigLoss, maxPlaceholders,
                cluster == null && tags.isEmpty() ? null : new RestoreRequest.Placement(cluster, tags));
        Connection nc = common.connect();
        return ClosingConnection.afterWork(nc::close, () -> many.all ? restoreAll(nc, request, source, atTime)
                : restoreOne(nc, request, stream, source, atTime));
    }

    private int restoreOne(Connection nc, RestoreRequest request, String stream, String asked, Instant atTime) {
        String source = common.jetsnap().resolveSnapshot(asked, stream, atTime);
        if (!source.equals(asked) && !common.json) {
            common.out().printf("the newest snapshot of %s in %s%s: %s%n", stream, asked,
                    atTime == null ? "" : " at or before " + atTime, source);
        }
        io.jetsnap.core.Jetsnap jetsnap = common.jetsnap();
        common.progressOfStream(request.stream());
        if (dryRun) {
            RestorePreview p = jetsnap.previewRestore(nc, request, source);
            if (common.json) {
                common.out().println(Output.json(previewJson(p, source)));
            } else {
                printPreview(p, source);
            }
            return p.wouldRestore() ? Cli.OK : Cli.FAILED;
        }
        RestoreResult r;
        try {
            r = jetsnap.restore(nc, request, source);
        } catch (io.jetsnap.core.PartialRestoreException e) {
            throw withCommand(e, stream, source);
        }
        if (common.json) {
            common.out().println(Output.json(json(r)));
        } else {
            printResult(r, source);
        }
        return Cli.OK;
    }

    /** A restore that changed the target and did not finish: its message ends with the command that finishes it. */
    private io.jetsnap.core.SnapshotException withCommand(io.jetsnap.core.PartialRestoreException e, String stream,
                                                          String source) {
        List<String> again = new ArrayList<>(List.of("jetsnap", "restore", stream, source));
        if (e.needsForce()) {
            again.add("--force");
        }
        if (replicas != null) {
            again.addAll(List.of("--replicas", replicas.toString()));
        }
        if (subjects != null) {
            again.addAll(List.of("--subjects", String.join(",", subjects)));
        }
        if (cluster != null) {
            again.addAll(List.of("--cluster", cluster));
        }
        tags.forEach(t -> again.addAll(List.of("--tag", t)));
        again.addAll(noConsumers ? List.of("--no-consumers") : List.of());
        again.addAll(standalone ? List.of("--standalone") : List.of());
        again.addAll(allowConfigLoss ? List.of("--allow-config-loss") : List.of());
        if (!"auto".equalsIgnoreCase(method)) {
            again.addAll(List.of("--method", method));
        }
        if (maxPlaceholders != RestoreRequest.DEFAULT_MAX_PLACEHOLDERS) {
            again.addAll(List.of("--max-placeholders", Long.toString(maxPlaceholders)));
        }
        String command = String.join(" ", again.stream().map(RestoreCommand::shellWord).toList());
        return new io.jetsnap.core.SnapshotException(e.code(), e.getMessage() + "; to finish it: " + command
                + " (with the same connection options)", e, e.serverErrorCode());
    }

    /** {@code word} as a POSIX shell reads it back: quoted where it holds anything but plain characters. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private int restoreAll(Connection nc, RestoreRequest template, String source, Instant atTime) {
        ManyStreams streams = new ManyStreams(common.jetsnap(), many.listener(common, result -> {
            if (result instanceof RestorePreview p) {
                printPreview(p, null);
            } else {
                printResult((RestoreResult) result, null);
            }
        }));
        boolean fromIndex = index != null || SnapshotIndex.isIndexName(source);
        if (fromIndex && atTime != null) {
            throw io.jetsnap.core.SnapshotException.badInput("--at chooses among the snapshots of a folder or prefix; an "
                    + "index names its snapshots");
        }
        ManyStreams.Run<?> run;
        if (fromIndex) {
            run = dryRun ? streams.previewAll(nc, many.filter(), template, source)
                    : streams.restoreAll(nc, many.filter(), template, source);
        } else {
            run = dryRun ? streams.previewNewest(nc, many.filter(), template, source, atTime)
                    : streams.restoreNewest(nc, many.filter(), template, source, atTime);
        }
        List<JsonValue> list = new ArrayList<>();
        long refused = 0;
        for (ManyStreams.Outcome<?> o : run.outcomes()) {
            if (o.result() instanceof RestorePreview p) {
                refused += p.wouldRestore() ? 0 : 1;
                list.add(new JsonValue(previewJson(p, null)));
            } else if (o.result() instanceof RestoreResult r) {
                list.add(new JsonValue(json(r)));
            } else {
                list.add(new JsonValue(ManyStreamsOptions.failureJson(o, common)));
            }
        }
        if (common.json) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("source", new JsonValue(source));
            m.put("index", run.index() == null ? JsonValue.NULL : new JsonValue(run.index()));
            m.put("server", new JsonValue(common.redactedServer()));
            m.put("dry_run", new JsonValue(dryRun));
            m.put("failed", new JsonValue(run.failures() + refused));
            m.put("streams", new JsonValue(list));
            common.out().println(Output.json(m));
        } else {
            common.out().printf("%d of %s %s; %s%n", run.outcomes().size() - run.failures() - refused,
                    Counted.of(run.outcomes().size(), "stream"), dryRun ? "would be restored" : "restored", run.index() != null
                            ? "index " + run.index() : "the newest snapshot of each in " + source
                            + (atTime == null ? "" : " at or before " + atTime));
        }
        int code = many.exitCode(run, common);
        return code == Cli.OK && refused > 0 ? ManyStreamsOptions.SOME_FAILED : code;
    }

    private Map<String, JsonValue> json(RestoreResult r) {
        Map<String, JsonValue> m = Output.summaryJson(r.snapshot());
        m.put("target_stream", new JsonValue(r.stream()));
        m.put("server", new JsonValue(common.redactedServer()));
        m.put("target_server", Output.origin(r.target()));
        m.put("action", new JsonValue(r.action()));
        m.put("method", new JsonValue(r.method().name().toLowerCase(Locale.ROOT)));
        m.put("restored_messages", new JsonValue(r.messages()));
        m.put("gaps_filled", new JsonValue(r.gapsFilled()));
        m.put("consumers_restored", new JsonValue(r.consumersRestored()));
        m.put("notes", new JsonValue(r.notes().stream().map(JsonValue::new).toList()));
        m.put("duration_seconds", new JsonValue(r.duration().toNanos() / 1e9));
        m.put("messages_per_second", new JsonValue(Math.round(r.messages() / Math.max(1e-9, r.duration().toNanos() / 1e9))));
        return m;
    }

    /** @param source null in a run over many streams (the index says where each snapshot is) */
    private void printResult(RestoreResult r, String source) {
        common.out().printf("restored stream %s on %s (%s, %s)%s: %s, %s of payload in %s%n",
                r.stream(), Output.where(r.target()), r.action(), r.method() == RestoreRequest.Method.SERVER
                        ? "by the server, original timestamps" : "published back", source == null ? "" : " from " + source,
                Counted.of(r.messages(), "message"), Output.bytes(r.payloadBytes()),
                Output.seconds(r.duration()));
        common.out().printf("  %s%n", Output.withRate("digest " + r.snapshot().trailer().digest(), r.messages(),
                r.payloadBytes(), r.duration()));
        if (r.consumersRestored() > 0) {
            common.out().printf("  %s restored, %s after its ack floor%n", Counted.of(r.consumersRestored(), "durable consumer"),
                    r.consumersRestored() == 1 ? "resuming" : "each resuming");
        }
        for (String note : r.notes()) {
            common.out().println("  note: " + note);
        }
    }

    private Map<String, JsonValue> previewJson(RestorePreview p, String source) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("dry_run", new JsonValue(true));
        m.put("target_stream", new JsonValue(p.stream()));
        if (source != null) {
            m.put("source", new JsonValue(source));
        }
        m.put("snapshot_stream", new JsonValue(p.header().stream()));
        m.put("server", new JsonValue(common.redactedServer()));
        m.put("action", new JsonValue(p.action()));
        m.put("method", p.method() == null ? JsonValue.NULL : new JsonValue(p.method().name().toLowerCase(Locale.ROOT)));
        m.put("existing_messages", p.existingMessages() < 0 ? JsonValue.NULL : new JsonValue(p.existingMessages()));
        m.put("verified", new JsonValue(p.verified()));
        m.put("messages", p.trailer() == null ? JsonValue.NULL : new JsonValue(p.trailer().messageCount()));
        m.put("digest", p.trailer() == null ? JsonValue.NULL : new JsonValue(p.trailer().digest()));
        m.put("consumers", new JsonValue(p.consumers().stream().map(JsonValue::new).toList()));
        m.put("reasons", new JsonValue(p.reasons().stream().map(x -> new JsonValue(common.top().redactor().redact(x))).toList()));
        return m;
    }

    private void printPreview(RestorePreview p, String source) {
        String from = source == null ? "" : " from " + source;
        if (p.wouldRestore()) {
            common.out().printf("dry run: would %s stream %s%s (%s)%n", p.action(), p.stream(), from,
                    p.method() == RestoreRequest.Method.SERVER ? "by the server, original timestamps" : "published back");
        } else {
            common.out().printf("dry run: would REFUSE to restore stream %s%s%n", p.stream(), from);
        }
        if (p.trailer() != null) {
            common.out().printf("  snapshot of %s verified: %s, %s of payload, digest %s%n", p.header().stream(),
                    Counted.of(p.trailer().messageCount(), "message"), Output.bytes(p.trailer().payloadBytes()), p.trailer().digest());
        } else {
            common.out().printf("  snapshot of %s did NOT verify%n", p.header().stream());
        }
        if (!p.consumers().isEmpty()) {
            common.out().printf("  durable consumers to create: %s%n", String.join(", ", p.consumers()));
        }
        for (String reason : p.reasons()) {
            common.out().println("  " + common.top().redactor().redact(reason));
        }
        common.out().println("  nothing was changed");
    }

    private static RestoreRequest.Method method(String name) {
        for (RestoreRequest.Method m : RestoreRequest.Method.values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw io.jetsnap.core.SnapshotException.badInput("--method must be auto, server or publish, not '" + name + "'");
    }
}
