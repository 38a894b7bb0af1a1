package io.jetsnap.cli;

import io.jetsnap.core.engine.RestoreRequest;
import io.jetsnap.core.engine.RestoreResult;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
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
                "A target that already holds messages is refused unless --force, which deletes and recreates it."})
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream to restore into.")
    String stream;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "The snapshot: a file or a store URL.")
    String source;

    @Option(names = "--force", description = "Delete and recreate the target stream if it holds messages.")
    boolean force;

    @Option(names = "--replicas", paramLabel = "N", description = "Replica count of the restored stream (default: the snapshot's).")
    Integer replicas;

    @Option(names = "--subjects", split = ",", paramLabel = "SUBJECT[,SUBJECT...]",
            description = "Subjects of the restored stream instead of the snapshot's: clone a stream on the server that "
                    + "still has the original. Messages keep their subjects (nats-server 2.10+).")
    java.util.List<String> subjects;

    @Option(names = "--no-consumers", description = "Do not restore the durable consumers the snapshot records.")
    boolean noConsumers;

    @Option(names = "--standalone", description = "Restore a mirror, or a stream with sources, as a stream of its own "
            + "(without the mirror or sources, which would copy their origins again on top of it).")
    boolean standalone;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "How the messages go back: server (nats-server 2.15+'s own restore: original timestamps, "
                    + "no header acted on again), publish (publish each message back at its sequence; any server), "
                    + "or auto (server where available). Default: ${DEFAULT-VALUE}.")
    String method;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (replicas != null && replicas < 1) {
            throw io.jetsnap.core.SnapshotException.badInput("--replicas must be at least 1, not " + replicas);
        }
        RestoreRequest request = new RestoreRequest(stream, force, replicas, subjects, standalone, !noConsumers,
                method(method));
        try (Connection nc = common.connect()) {
            RestoreResult r = common.jetsnap().restore(nc, request, source);
            if (common.json) {
                Map<String, JsonValue> m = Output.summaryJson(r.snapshot());
                m.put("target_stream", new JsonValue(r.stream()));
                m.put("server", new JsonValue(common.redactedServer()));
                m.put("action", new JsonValue(r.action()));
                m.put("method", new JsonValue(r.method().name().toLowerCase(Locale.ROOT)));
                m.put("restored_messages", new JsonValue(r.messages()));
                m.put("gaps_filled", new JsonValue(r.gapsFilled()));
                m.put("consumers_restored", new JsonValue(r.consumersRestored()));
                m.put("notes", new JsonValue(r.notes().stream().map(JsonValue::new).toList()));
                m.put("duration_seconds", new JsonValue(r.duration().toNanos() / 1e9));
                common.out().println(Output.json(m));
            } else {
                common.out().printf("restored stream %s (%s, %s) from %s: %d messages, %s of payload in %s%n",
                        r.stream(), r.action(), r.method() == RestoreRequest.Method.SERVER ? "by the server, original timestamps"
                                : "published back", source, r.messages(), Output.bytes(r.payloadBytes()), Output.seconds(r.duration()));
                if (r.consumersRestored() > 0) {
                    common.out().printf("  %d durable consumers restored, each resuming after its ack floor%n", r.consumersRestored());
                }
                for (String note : r.notes()) {
                    common.out().println("  note: " + note);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
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
