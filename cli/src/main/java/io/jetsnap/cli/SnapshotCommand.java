package io.jetsnap.cli;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.engine.SnapshotRequest;
import io.jetsnap.core.engine.SnapshotResult;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Copy a stream, as it is now, to a snapshot.",
                "TARGET is a file, a directory (the snapshot is named <stream>-<UTC time>.<ext>) or a store URL."})
final class SnapshotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream to snapshot.")
    String stream;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Where to write the snapshot.")
    String target;

    @Option(names = "--max-seq", paramLabel = "N", description = "Take only messages with sequence <= N.")
    Long maxSeq;

    @Option(names = "--before", paramLabel = "TIME", description = "Take only messages published before TIME (RFC 3339, e.g. 2026-11-29T10:00:00Z).")
    String before;

    @Option(names = "--no-consumers", description = "Leave the stream's durable consumers out of the snapshot.")
    boolean noConsumers;

    @Mixin
    WriteOptions write;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (maxSeq != null && maxSeq < 0) {
            throw SnapshotException.badInput("--max-seq must be a sequence number of 0 or more, not " + maxSeq);
        }
        SnapshotRequest request = new SnapshotRequest(stream, maxSeq, parseTime("--before", before), !noConsumers);
        try (Connection nc = common.connect()) {
            SnapshotResult r = common.jetsnap(write.codecOptionMap()).snapshot(nc, request, target, write.format);
            if (common.json) {
                Map<String, JsonValue> m = Output.summaryJson(new io.jetsnap.core.model.SnapshotSummary(r.header(), r.trailer()));
                m.put("server", new JsonValue(common.redactedServer()));
                common.out().println(Output.json(Output.written(m, r.location(), r.codec(), r.sizeBytes(), r.duration())));
            } else {
                common.out().printf("snapshot of stream %s: %d messages, %s of payload, %d durable consumers -> %s (%s, %s) in %s%n"
                                + "  digest %s%n",
                        stream, r.trailer().messageCount(), Output.bytes(r.trailer().payloadBytes()), r.header().consumers().size(),
                        r.location(), Output.bytes(r.sizeBytes()), r.codec(), Output.seconds(r.duration()), r.trailer().digest());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
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
