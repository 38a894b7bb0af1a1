package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.batch.ManyStreams;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.SnapshotResult;
import io.jetsnap.core.model.SnapshotSummary;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Copy a stream, as it is now, to a snapshot.",
                "TARGET is a file, a directory (the snapshot is named <stream>-<UTC time>.<ext>) or a store URL.",
                "With --all, every stream (KV and object store buckets included) goes into the folder or prefix TARGET, "
                        + "one snapshot each, then an index (jetsnap-index-<UTC time>.json) that restore --all reads."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SOME_FAILED, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class SnapshotCommand implements Callable<Integer>, Cli.Connects {
    @Parameters(arity = "1..2", paramLabel = "[STREAM] TARGET", hideParamSyntax = true, description = "The stream to snapshot (none with --all) and where to write.")
    List<String> positional;

    @Option(names = "--max-seq", paramLabel = "N", description = "Take only messages with sequence <= N.")
    Long maxSeq;

    @Option(names = "--before", paramLabel = "TIME", description = "Take only messages published before TIME (RFC 3339, e.g. 2026-11-29T10:00:00Z).")
    String before;

    @Option(names = "--no-consumers", description = "Leave the stream's durable consumers out of the snapshot.")
    boolean noConsumers;

    @Mixin
    ManyStreamsOptions many;

    @Option(names = "--all", description = "Snapshot every stream (KV and object store buckets included) into the folder or "
            + "prefix TARGET, one snapshot each, then an index that restore --all reads.")
    void all(boolean all) {
        many.all = all;
    }

    @Mixin
    WriteOptions write;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (maxSeq != null && maxSeq < 0) {
            throw SnapshotException.badInput("--max-seq must be a sequence number of 0 or more, not " + maxSeq);
        }
        String stream = many.stream(positional, "snapshot");
        String target = positional.get(positional.size() - 1);
        if (many.all && maxSeq != null) {
            throw SnapshotException.badInput("--max-seq names a sequence of one stream; it cannot go with --all");
        }
        SnapshotRequest request = new SnapshotRequest(stream == null ? "*" : stream, maxSeq, parseTime("--before", before),
                !noConsumers);
        if (stream != null) {
            io.jetsnap.core.NatsNames.requireStreamName(stream, "stream"); // before connecting, as the library does after
        }
        Jetsnap jetsnap = common.jetsnap(write.codecOptionMap());
        jetsnap.codecFor(target, write.format); // a name or option the codec contradicts is refused before connecting
        Connection nc = common.connect();
        return ClosingConnection.afterWork(nc::close, () -> many.all ? snapshotAll(jetsnap, nc, request, target)
                : snapshotOne(jetsnap, nc, request, target));
    }

    private int snapshotOne(Jetsnap jetsnap, Connection nc, SnapshotRequest request, String target) {
        common.progressOfStream(request.stream());
        SnapshotResult r = jetsnap.snapshot(nc, request, target, write.format, write.overwrite);
        if (common.json) {
            common.out().println(Output.json(json(r)));
        } else {
            printSummary(r);
        }
        return Cli.OK;
    }

    private int snapshotAll(Jetsnap jetsnap, Connection nc, SnapshotRequest template, String target) {
        ManyStreams.Run<SnapshotResult> run = new ManyStreams(jetsnap,
                many.listener(common, r -> printSummary((SnapshotResult) r)))
                .snapshotAll(nc, many.filter(), template, target, write.format);
        if (common.json) {
            List<JsonValue> streams = new ArrayList<>();
            for (ManyStreams.Outcome<SnapshotResult> o : run.outcomes()) {
                streams.add(new JsonValue(o.result() != null ? json(o.result()) : ManyStreamsOptions.failureJson(o, common)));
            }
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("index", new JsonValue(run.index()));
            m.put("server", new JsonValue(common.redactedServer()));
            m.put("failed", new JsonValue(run.failures()));
            m.put("streams", new JsonValue(streams));
            common.out().println(Output.json(m));
        } else {
            common.out().printf("%d of %s snapshotted; index %s%n", run.outcomes().size() - run.failures(),
                    Counted.of(run.outcomes().size(), "stream"), run.index());
        }
        return many.exitCode(run, common);
    }

    private Map<String, JsonValue> json(SnapshotResult r) {
        Map<String, JsonValue> m = Output.summaryJson(new SnapshotSummary(r.header(), r.trailer()));
        m.put("server", new JsonValue(common.redactedServer()));
        Output.written(m, r.location(), r.codec(), r.sizeBytes(), r.duration());
        Double ratio = compressionRatio(r);
        m.put("compression_ratio", ratio == null ? JsonValue.NULL : new JsonValue(ratio));
        m.put("messages_per_second", new JsonValue(Math.round(r.trailer().messageCount() / seconds(r))));
        return m;
    }

    private void printSummary(SnapshotResult r) {
        // the file's size is on the next line, beside its payload
        common.out().printf("snapshot of stream %s: %s, %s of payload, %s -> %s (%s) in %s%n"
                        + "  digest %s%n",
                r.header().stream(), Counted.of(r.trailer().messageCount(), "message"), Output.bytes(r.trailer().payloadBytes()),
                Counted.of(r.header().consumers().size(), "durable consumer"), r.location(), r.codec(),
                Output.seconds(r.duration()), r.trailer().digest());
        common.out().printf("  %s%n", Output.withRate(Output.fileBeside(r.sizeBytes(), r.trailer().payloadBytes()),
                r.trailer().messageCount(), r.trailer().payloadBytes(), r.duration()));
    }

    /** Payload bytes per byte of file: above 1 the file is smaller than the payload it holds. */
    private static Double compressionRatio(SnapshotResult r) {
        return r.sizeBytes() == 0 || r.trailer().payloadBytes() == 0 ? null
                : Math.round(100.0 * r.trailer().payloadBytes() / r.sizeBytes()) / 100.0;
    }

    private static double seconds(SnapshotResult r) {
        return Math.max(1e-9, r.duration().toNanos() / 1e9);
    }

    static Instant parseTime(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw SnapshotException.badInput(option + ": '" + value + "' is not an RFC 3339 time (e.g. 2026-11-29T10:00:00Z)");
        }
    }
}
