package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.model.SnapshotHeader;
import io.nats.client.support.JsonValue;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a snapshot: its stream, configuration, counts and digest (reads and checks it whole).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    SnapshotChoice choice;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Jetsnap.Verification v = common.jetsnap().verify(choice.location(common.jetsnap()));
        SnapshotHeader h = v.summary().header();
        if (common.json) {
            Map<String, JsonValue> m = Output.summaryJson(v.summary());
            m.put("location", new JsonValue(v.location()));
            m.put("codec", new JsonValue(v.codec()));
            m.put("first_seq", new JsonValue(v.firstSequence()));
            m.put("last_seq", new JsonValue(v.lastSequence()));
            common.out().println(Output.json(m));
            return Cli.OK;
        }
        var out = common.out();
        out.printf("snapshot      %s (%s, format %s v%d, written by jetsnap %s)%n", v.location(), v.codec(), h.format(),
                h.formatVersion(), h.toolVersion());
        out.printf("stream        %s on nats-server %s, taken %s%n", h.stream(), h.serverVersion(), h.created());
        out.printf("stream state  %s, sequences %d..%d, %s%n", Counted.of(h.state().messages(), "message"), h.state().firstSequence(),
                h.state().lastSequence(), Output.bytes(h.state().bytes()));
        out.printf("selection     up to sequence %d%s%s%n", h.selection().upToSequence(),
                h.selection().maxSequence() != null ? ", --max-seq " + h.selection().maxSequence() : "",
                h.selection().before() != null ? ", --before " + h.selection().before() : "");
        out.printf("messages      %d (sequences %d..%d), %s of payload%n", v.summary().trailer().messageCount(),
                v.firstSequence(), v.lastSequence(), Output.bytes(v.summary().trailer().payloadBytes()));
        out.printf("digest        %s (verified)%n", v.summary().trailer().digest());
        for (var c : h.consumers()) {
            out.printf("consumer      %s: delivered up to sequence %d, acknowledged up to %d%n", c.name(),
                    c.deliveredStreamSequence(), c.ackFloorStreamSequence());
        }
        out.printf("config        %s%n", h.streamConfigJson());
        return Cli.OK;
    }
}
