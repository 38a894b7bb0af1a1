package io.jetsnap.it;

import static io.jetsnap.it.support.CliRun.assertOneLineFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.HostileSnapshots;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots that no real stream gives (written with a codec directly) are refused before anything
 * changes, with bounded work: sequences that jump by 10^12, and a consumer acknowledged beyond the
 * stream's end.
 */
@org.junit.jupiter.api.Timeout(120)
class HostileSnapshotTest {
    private static final long JUMP = 1_000_000_000_000L;

    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static Path realSnapshot(Connection nc, String stream, Path dir, boolean consumer) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
        for (int i = 0; i < 3; i++) {
            nc.jetStream().publish(stream + ".m", ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        if (consumer) {
            nc.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("worker")
                    .ackPolicy(AckPolicy.Explicit).build());
        }
        Path file = dir.resolve(stream + ".json");
        CliRun snap = CliRun.run(server.url(), "snapshot", stream, file.toString());
        assertEquals(0, snap.exitCode(), snap::toString);
        return file;
    }

    @Test
    void sequencesThatJumpBy10To12AreRefusedBeforeTheTargetIsTouched(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            Path real = realSnapshot(nc, "jump", dir, false);
            Path hostile = dir.resolve("jump-hostile.json");
            HostileSnapshots.rewrite(real, hostile,
                    h -> new io.jetsnap.core.model.SnapshotHeader(h.format(), h.formatVersion(), h.toolVersion(),
                            h.created(), h.serverVersion(), h.stream(), h.streamConfigJson(),
                            new StreamState(3, h.state().bytes(), 1, JUMP + 3, null, null),
                            Selection.everythingUpTo(JUMP + 3), h.consumers()),
                    messages -> {
                        List<SnapshotMessage> jumped = new ArrayList<>();
                        jumped.add(messages.get(0));
                        jumped.add(HostileSnapshots.at(messages.get(1), JUMP + 2));
                        jumped.add(HostileSnapshots.at(messages.get(2), JUMP + 3));
                        return jumped;
                    });
            nc.jetStream().publish("jump.later", "after the snapshot".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, "jump");

            CliRun verify = CliRun.run(server.url(), "verify", hostile.toString());
            assertEquals(0, verify.exitCode(), verify::toString);
            assertTrue(verify.out().contains((JUMP) + " sequences hold no message"), verify::toString);
            assertTrue(verify.out().contains("refuses more than 100000000"), verify::toString);

            long started = System.nanoTime();
            CliRun dryRun = CliRun.run(server.url(), "restore", "jump", hostile.toString(), "--force", "--dry-run",
                    "--method", "publish");
            assertEquals(1, dryRun.exitCode(), dryRun::toString);
            assertTrue(dryRun.out().contains("would REFUSE"), dryRun::toString);
            assertTrue(dryRun.out().contains("more than the bound of 100000000"), dryRun::toString);

            CliRun restore = CliRun.run(server.url(), "restore", "jump", hostile.toString(), "--force", "--method", "publish");
            assertOneLineFailure(restore, 1);
            assertTrue(restore.err().contains(JUMP + " sequences without a message"), restore::toString);
            assertTrue(restore.err().contains("nothing was changed"), restore::toString);
            StreamDump.assertSame(before, StreamDump.of(nc, "jump"));
            assertTrue(System.nanoTime() - started < 60_000_000_000L, "bounded work: refused without publishing");

            CliRun raised = CliRun.run(server.url(), "restore", "jump2", hostile.toString(), "--subjects", "jump2.>",
                    "--method", "publish", "--max-placeholders", "-1");
            assertOneLineFailure(raised, 2);
        }
    }

    @Test
    void aConsumerAcknowledgedBeyondTheStreamsEndIsRefusedByVerifyAndRestore(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            Path real = realSnapshot(nc, "floor", dir, true);
            Path hostile = dir.resolve("floor-hostile.json");
            HostileSnapshots.rewrite(real, hostile, h -> h.withConsumers(List.of(new ConsumerSnapshot("worker",
                    h.consumers().get(0).configJson(), JUMP, JUMP, JUMP, JUMP))), messages -> messages);
            nc.jetStream().publish("floor.later", "after the snapshot".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, "floor");

            CliRun verify = CliRun.run(server.url(), "verify", hostile.toString());
            assertOneLineFailure(verify, 1);
            assertTrue(verify.err().contains("consumer worker has acknowledged up to sequence " + JUMP
                    + ", beyond the stream's last sequence 3"), verify::toString);

            CliRun restore = CliRun.run(server.url(), "restore", "floor", hostile.toString(), "--force");
            assertOneLineFailure(restore, 1);
            assertTrue(restore.err().contains("consumer worker has acknowledged"), restore::toString);
            StreamDump.assertSame(before, StreamDump.of(nc, "floor"));
            assertEquals(1, nc.jetStreamManagement().getConsumerNames("floor").size());
        }
    }
}
