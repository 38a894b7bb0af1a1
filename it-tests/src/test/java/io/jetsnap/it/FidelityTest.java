package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Restored messages are the original messages: bytes, headers, sequences. */
class FidelityTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @Test
    void binaryPayloadsHeadersAndMaxPayloadRoundTripExactly(@TempDir Path dir) throws Exception {
        String file = dir.resolve("bin.snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("bin").subjects("bin.>").build());
            byte[] everyByte = new byte[256];
            for (int i = 0; i < 256; i++) {
                everyByte[i] = (byte) i;
            }
            js.publish("bin.all", everyByte);
            js.publish("bin.empty", new byte[0]);
            Headers multi = new Headers().add("X-Multi", "1", "2").add("x-lower", "a").add("X-Multi", "3").add("Empty-Value", "");
            js.publish(NatsMessage.builder().subject("bin.headers").headers(multi).data("h".getBytes(StandardCharsets.UTF_8)).build());
            Headers one = new Headers().add("K", "v");
            int max = (int) nc.getServerInfo().getMaxPayload();
            byte[] big = new byte[max - one.serializedLength()];
            new java.util.Random(7).nextBytes(big);
            js.publish(NatsMessage.builder().subject("bin.max").headers(one).data(big).build());
            js.publish("bin.unicode.\u00e9", "caf\u00e9 \u6771\u4eac".getBytes(StandardCharsets.UTF_8));

            CliRun snap = CliRun.run(source.url(), "snapshot", "bin", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            CliRun restore = CliRun.run(target.url(), "restore", "bin", file);
            assertEquals(0, restore.exitCode(), restore::toString);

            StreamDump.assertSame(StreamDump.of(nc, "bin"), StreamDump.of(other, "bin"));
            assertEquals(5, StreamDump.of(other, "bin").size());
        }
    }

    @Test
    void firstSequenceAndInteriorGapsAreKept(@TempDir Path dir) throws Exception {
        String file = dir.resolve("gaps.snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("gaps").subjects("gaps.*").maxMessagesPerSubject(3).build());
            for (int i = 1; i <= 20; i++) {
                js.publish("gaps." + (i % 4), ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            jsm.purgeStream("gaps", io.nats.client.PurgeOptions.builder().sequence(9).build());
            jsm.deleteMessage("gaps", 11);
            jsm.deleteMessage("gaps", 12);
            jsm.deleteMessage("gaps", 17);
            List<String> original = StreamDump.of(nc, "gaps");
            assertTrue(original.get(0).startsWith("9 "), original::toString);

            CliRun snap = CliRun.run(source.url(), "snapshot", "gaps", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            CliRun restore = CliRun.run(target.url(), "restore", "gaps", file);
            assertEquals(0, restore.exitCode(), restore::toString);

            StreamDump.assertSame(original, StreamDump.of(other, "gaps"));
            StreamInfo restored = other.jetStreamManagement().getStreamInfo("gaps");
            assertEquals(3, restored.getConfiguration().getMaxMsgsPerSubject());
            assertEquals(List.of("gaps.*"), restored.getConfiguration().getSubjects());
        }
    }

    @Test
    void headersTheServerActsOnDoNotFailTheRestore(@TempDir Path dir) throws Exception {
        String file = dir.resolve("expect.snapshot").toString();
        try (Connection nc = source.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("expect").subjects("expect.*").build());
            js.publish(msg("expect.a", new Headers().add("Nats-Msg-Id", "id-1")));
            js.publish(msg("expect.a", new Headers().add("Nats-Expected-Stream", "expect")));
            js.publish(msg("expect.b", new Headers().add("Nats-Expected-Last-Sequence", "2").add("Nats-Msg-Id", "id-3")));
            js.publish(msg("expect.a", new Headers().add("Nats-Expected-Last-Msg-Id", "id-3")));
            js.publish(msg("expect.b", new Headers().add("Nats-Expected-Last-Subject-Sequence", "3")));
            jsm.deleteMessage("expect", 1);
            List<String> original = StreamDump.of(nc, "expect");

            assertEquals(0, CliRun.run(source.url(), "snapshot", "expect", file).exitCode());

            // published back under another name, the server would refuse Nats-Expected-Stream: refused before anything changes
            CliRun clone = CliRun.run(target.url(), "restore", "expect-clone", file, "--method", "publish");
            assertEquals(1, clone.exitCode(), clone::toString);
            assertTrue(clone.err().contains("Nats-Expected-Stream"), clone::toString);
            try (Connection other = target.connect()) {
                assertTrue(other.jetStreamManagement().getStreamNames().stream().noneMatch("expect-clone"::equals));
                if (ServerGate.atLeast(other, 15, "no server-side restore; FidelityTest skips the exact clone")) {
                    // the server's own restore acts on no header: the clone comes back exactly
                    CliRun serverSide = CliRun.run(target.url(), "restore", "expect-clone", file);
                    assertEquals(0, serverSide.exitCode(), serverSide::toString);
                    StreamDump.assertSame(original, StreamDump.of(other, "expect-clone"));
                }
            }

            jsm.deleteStream("expect");
            CliRun restore = CliRun.run(source.url(), "restore", "expect", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "expect"));
        }
    }

    @Test
    void workQueueStreamIsSnapshottedWithoutChangingIt(@TempDir Path dir) throws Exception {
        String file = dir.resolve("wq.snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("jobs").subjects("jobs.*")
                    .retentionPolicy(RetentionPolicy.WorkQueue).build());
            for (int i = 1; i <= 5; i++) {
                nc.jetStream().publish("jobs.x", ("job " + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> before = StreamDump.of(nc, "jobs");
            StreamInfo infoBefore = jsm.getStreamInfo("jobs");

            CliRun snap = CliRun.run(source.url(), "snapshot", "jobs", file);
            assertEquals(0, snap.exitCode(), snap::toString);

            StreamInfo infoAfter = jsm.getStreamInfo("jobs");
            StreamDump.assertSame(before, StreamDump.of(nc, "jobs"));
            assertEquals(infoBefore.getStreamState().getMsgCount(), infoAfter.getStreamState().getMsgCount());
            assertEquals(infoBefore.getStreamState().getConsumerCount(), infoAfter.getStreamState().getConsumerCount());

            CliRun restore = CliRun.run(target.url(), "restore", "jobs", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(before, StreamDump.of(other, "jobs"));
            assertEquals(RetentionPolicy.WorkQueue, other.jetStreamManagement().getStreamInfo("jobs").getConfiguration().getRetentionPolicy());
        }
    }

    @Test
    void snapshotRestoresUnderAnotherNameAsAClone(@TempDir Path dir) throws Exception {
        String file = dir.resolve("clone.snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("src").subjects("src.>").maxAge(java.time.Duration.ofHours(1)).build());
            for (int i = 1; i <= 50; i++) {
                nc.jetStream().publish("src." + (i % 3), ("event " + i).getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(0, CliRun.run(source.url(), "snapshot", "src", file).exitCode());
            CliRun restore = CliRun.run(target.url(), "restore", "copy", file);
            assertEquals(0, restore.exitCode(), restore::toString);

            StreamDump.assertSame(StreamDump.of(nc, "src"), StreamDump.of(other, "copy"));
            StreamConfiguration cfg = other.jetStreamManagement().getStreamInfo("copy").getConfiguration();
            assertEquals("copy", cfg.getName());
            assertEquals(java.time.Duration.ofHours(1), cfg.getMaxAge());
            assertEquals(List.of("src.>"), cfg.getSubjects());
        }
    }

    @Test
    void emptyTargetTakesTheSnapshotsConfiguration(@TempDir Path dir) throws Exception {
        String file = dir.resolve("empty.snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("emp").subjects("emp.>").build());
            nc.jetStream().publish("emp.a", "a".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, CliRun.run(source.url(), "snapshot", "emp", file).exitCode());
            other.jetStreamManagement().addStream(StreamConfiguration.builder().name("emp").subjects("emp.>", "other")
                    .maxMessages(5).build());

            CliRun restore = CliRun.run(target.url(), "restore", "emp", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamConfiguration cfg = other.jetStreamManagement().getStreamInfo("emp").getConfiguration();
            assertEquals(List.of("emp.>"), cfg.getSubjects());
            assertEquals(-1, cfg.getMaxMsgs());
            StreamDump.assertSame(StreamDump.of(nc, "emp"), StreamDump.of(other, "emp"));
        }
    }

    private static NatsMessage msg(String subject, Headers headers) {
        return NatsMessage.builder().subject(subject).headers(headers).data(subject.getBytes(StandardCharsets.UTF_8)).build();
    }
}
