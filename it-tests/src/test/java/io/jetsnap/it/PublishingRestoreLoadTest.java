package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.api.Republish;
import io.nats.client.api.Source;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.nats.client.api.SubjectTransform;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing restore loads every message under a configuration that stores it as it was
 * stored, whatever the snapshot's configuration does to a publish (subject transforms, republish,
 * no_ack, subjects edited since), and what it cannot do is refused before the target is touched,
 * by the restore and its dry run alike. Each case restores over an existing target that holds
 * other messages (so a late failure would cost it), with every method the server has.
 */
class PublishingRestoreLoadTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @Test
    void subjectTransformStreamIsRestoredAsItWasStored(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            if (!ServerGate.atLeast(nc, 10, "no stream subject transforms; PublishingRestoreLoadTest skips the transform case")) {
                return;
            }
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("xf").subjects("in.>")
                    .subjectTransform(SubjectTransform.builder().source("in.>").destination("out.>").build()).build());
            publish(nc, "in.a", "in.b", "in.c");
            nc.jetStreamManagement().deleteMessage("xf", 3);
            String file = snapshot("xf", dir);
            for (String method : methods(other)) {
                existingTarget(other, "xf", "in.>");
                assertRestoresAsTheOriginal(nc, other, "xf", file, method);
                PublishAck next = other.jetStream().publish("in.d", "d".getBytes(StandardCharsets.UTF_8));
                assertEquals(4, next.getSeqno(), method);
                assertEquals("out.d", other.jetStreamManagement().getMessage("xf", 4).getSubject(), method);
            }
        }
    }

    @Test
    void republishDoesNotFireDuringTheRestoreAndWorksAfter(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("rp").subjects("rp.>")
                    .republish(Republish.builder().source("rp.>").destination("seen.>").build()).build());
            publish(nc, "rp.a", "rp.b");
            String file = snapshot("rp", dir);
            if (!ServerGate.atLeast(other, 10, "a stream update cannot add republish: the publishing restore refuses it")) {
                assertRefusedAndTargetUnchanged(other, "rp", "rp.>", file, "republishes its messages to seen.>");
                return;
            }
            for (String method : methods(other)) {
                existingTarget(other, "rp", "rp.>");
                Subscription seen = other.subscribe("seen.>");
                assertRestoresAsTheOriginal(nc, other, "rp", file, method);
                other.flush(Duration.ofSeconds(2));
                assertEquals(0, seen.getPendingMessageCount(), method + ": republished during the restore");
                publish(other, "rp.c");
                assertEquals("seen.c", seen.nextMessage(Duration.ofSeconds(5)).getSubject(), method);
                seen.unsubscribe();
            }
        }
    }

    @Test
    void messagesUnderSubjectsTheStreamNoLongerTakesAreRestored(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("moved").subjects("old.>").build());
            publish(nc, "old.a", "old.b");
            jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("moved").getConfiguration()).subjects("new.>").build());
            publish(nc, "new.a");
            String file = snapshot("moved", dir);
            if (!ServerGate.atLeast(other, 10, "no subject transforms: a message under a subject the stream no longer "
                    + "takes is refused before any change")) {
                assertRefusedAndTargetUnchanged(other, "moved", "new.>", file, "message 1 has subject old.a");
                return;
            }
            for (String method : methods(other)) {
                existingTarget(other, "moved", "new.>");
                assertRestoresAsTheOriginal(nc, other, "moved", file, method);
                assertEquals(4, other.jetStream().publish("new.b", new byte[0]).getSeqno(), method);
            }
        }
    }

    @Test
    void sourcedMessagesOfAStreamRestoredStandaloneAreStoredAsTheyWere(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("feed").subjects("feed.>").build());
            publish(nc, "feed.a", "feed.b");
            jsm.addStream(StreamConfiguration.builder().name("hub").subjects("hub.>")
                    .sources(Source.builder().sourceName("feed").build()).build());
            publish(nc, "hub.a");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (jsm.getStreamInfo("hub").getStreamState().getMsgCount() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> original = StreamDump.of(nc, "hub");
            assertEquals(3, original.size());
            String file = snapshot("hub", dir);
            if (!ServerGate.atLeast(other, 10, "no subject transforms: sourced messages under the origin's subjects are "
                    + "refused --standalone before any change")) {
                existingTarget(other, "hub", "hub.>");
                List<String> before = StreamDump.of(other, "hub");
                CliRun refused = CliRun.run(target.url(), "restore", "hub", file, "--standalone", "--force");
                CliRun.assertOneLineFailure(refused, 1);
                assertTrue(refused.err().contains("has subject feed."), refused::toString);
                StreamDump.assertSame(before, StreamDump.of(other, "hub"));
                return;
            }
            List<String> methods = new ArrayList<>(methods(other));
            if (ServerGate.atLeast(other, 15, "refuses published Nats-Stream-Source headers: the server-side restore only")) {
                methods.remove("publish");
            }
            for (String method : methods) {
                existingTarget(other, "hub", "hub.>");
                CliRun restore = CliRun.run(target.url(), "restore", "hub", file, "--standalone", "--force", "--method", method);
                assertEquals(0, restore.exitCode(), restore::toString);
                StreamDump.assertSame(original, StreamDump.of(other, "hub"));
                assertEquals(List.of("hub.>"), other.jetStreamManagement().getStreamInfo("hub").getConfiguration().getSubjects());
            }
        }
    }

    @Test
    void expectedLastMsgIdOfADeletedMessageIsKeptWithoutLeavingAPlaceholder(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ids").subjects("ids.*").build());
            nc.jetStream().publish(msg("ids.a", new Headers().add("Nats-Msg-Id", "a")));
            nc.jetStream().publish(msg("ids.b", new Headers().add("Nats-Expected-Last-Msg-Id", "a")));
            nc.jetStream().publish(msg("ids.c", new Headers().add("Nats-Msg-Id", "c")));
            nc.jetStream().publish(msg("ids.d", new Headers().add("Nats-Msg-Id", "d")));
            nc.jetStream().publish(msg("ids.e", new Headers().add("Nats-Expected-Last-Msg-Id", "d")));
            jsm.deleteMessage("ids", 1);
            jsm.deleteMessage("ids", 4);
            String file = snapshot("ids", dir);
            existingTarget(other, "ids", "ids.*");
            // the publishing restore on every server (the server-side one acts on no header)
            assertRestoresAsTheOriginal(nc, other, "ids", file, "publish");
        }
    }

    @Test
    void noAckStreamIsRestored(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("quiet").subjects("quiet.*").noAck(true).build());
            for (String subject : List.of("quiet.a", "quiet.b", "quiet.c")) {
                nc.publish(subject, subject.getBytes(StandardCharsets.UTF_8));
            }
            nc.flush(Duration.ofSeconds(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (jsm.getStreamInfo("quiet").getStreamState().getMsgCount() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String file = snapshot("quiet", dir);
            for (String method : methods(other)) {
                existingTarget(other, "quiet", "quiet.*");
                assertRestoresAsTheOriginal(nc, other, "quiet", file, method);
            }
        }
    }

    /** Restores {@code stream} with --force and checks state, messages and configuration against the original's. */
    private static void assertRestoresAsTheOriginal(Connection nc, Connection other, String stream, String file, String method)
            throws Exception {
        CliRun dryRun = CliRun.run(target.url(), "restore", stream, file, "--force", "--method", method, "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        CliRun restore = CliRun.run(target.url(), "restore", stream, file, "--force", "--method", method);
        assertEquals(0, restore.exitCode(), restore::toString);
        StreamDump.assertSame(StreamDump.of(nc, stream), StreamDump.of(other, stream));
        StreamState original = nc.jetStreamManagement().getStreamInfo(stream).getStreamState();
        StreamState restored = other.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertEquals(original.getMsgCount(), restored.getMsgCount(), method + ": messages");
        assertEquals(original.getFirstSequence(), restored.getFirstSequence(), method + ": first sequence");
        assertEquals(original.getLastSequence(), restored.getLastSequence(), method + ": last sequence");
        assertEquals(nc.jetStreamManagement().getStreamInfo(stream).getConfiguration().toJson(),
                other.jetStreamManagement().getStreamInfo(stream).getConfiguration().toJson(), method + ": configuration");
    }

    /** The restore and its dry run refuse, saying why, and the existing target keeps its messages and configuration. */
    private static void assertRefusedAndTargetUnchanged(Connection other, String stream, String subjects, String file,
                                                        String why) throws Exception {
        existingTarget(other, stream, subjects);
        List<String> before = StreamDump.of(other, stream);
        String config = other.jetStreamManagement().getStreamInfo(stream).getConfiguration().toJson();
        CliRun dryRun = CliRun.run(target.url(), "restore", stream, file, "--force", "--dry-run");
        assertEquals(1, dryRun.exitCode(), dryRun::toString);
        assertTrue(dryRun.out().contains(why), dryRun::toString);
        CliRun refused = CliRun.run(target.url(), "restore", stream, file, "--force");
        CliRun.assertOneLineFailure(refused, 1);
        assertTrue(refused.err().contains(why) && refused.err().contains("nothing was changed"), refused::toString);
        StreamDump.assertSame(before, StreamDump.of(other, stream));
        assertEquals(config, other.jetStreamManagement().getStreamInfo(stream).getConfiguration().toJson());
    }

    /** A target stream of that name holding other messages (replacing any left by the previous method). */
    private static void existingTarget(Connection other, String stream, String subjects) throws Exception {
        JetStreamManagement jsm = other.jetStreamManagement();
        if (jsm.getStreamNames().contains(stream)) {
            jsm.deleteStream(stream);
        }
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subjects).build());
        String subject = subjects.replace(">", "existing").replace("*", "existing");
        publish(other, subject, subject);
    }

    private static List<String> methods(Connection nc) {
        List<String> methods = new ArrayList<>(List.of("publish"));
        if (ServerGate.atLeast(nc, 15, "no server-side restore; PublishingRestoreLoadTest checks the publishing restore only")) {
            methods.add("server");
        }
        return methods;
    }

    private static String snapshot(String stream, Path dir) {
        String file = dir.resolve(stream + ".snapshot").toString();
        CliRun snap = CliRun.run(source.url(), "snapshot", stream, file);
        assertEquals(0, snap.exitCode(), snap::toString);
        return file;
    }

    private static void publish(Connection nc, String... subjects) throws Exception {
        for (String subject : subjects) {
            nc.jetStream().publish(subject, subject.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static NatsMessage msg(String subject, Headers headers) {
        return NatsMessage.builder().subject(subject).headers(headers).data(subject.getBytes(StandardCharsets.UTF_8)).build();
    }
}
