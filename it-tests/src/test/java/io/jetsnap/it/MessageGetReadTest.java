package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.SnapshotResult;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WorkQueue and Interest streams are read with message gets: pipelined by sequence (also where the
 * stream allows direct gets: batch direct gets cannot keep header blocks exact), one
 * {@code next_by_subj} at a time where most sequences are deleted. Whichever way, the snapshot holds exactly what one get per
 * message reads (same digest), and the stream keeps its messages and its configuration.
 */
class MessageGetReadTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void pipelinedGetsAcrossDeletedMessagesReadWhatOneGetAtATimeReads(@TempDir Path dir) throws Exception {
        assertSnapshotMatchesGets(dir, "wq", false, true, 3_000, 7, null);
    }

    @Test
    void aStreamAllowingDirectGetsIsReadAsOneGetAtATimeReadsItAndKeepsAllowDirect(@TempDir Path dir) throws Exception {
        assertSnapshotMatchesGets(dir, "wqd", true, false, 3_000, 5, null);
    }

    @Test
    void aStreamAllowingDirectGetsWithUtf8SubjectsIsReadByGetsBySequence(@TempDir Path dir) throws Exception {
        assertSnapshotMatchesGets(dir, "wqdu", true, true, 3_000, 5, null);
    }

    @Test
    void aSnapshotUpToASequenceStopsThereWhicheverTheRead(@TempDir Path dir) throws Exception {
        assertSnapshotMatchesGets(dir, "wqm", false, true, 1_000, 3, 777L);
        assertSnapshotMatchesGets(dir, "wqdm", true, false, 1_000, 3, 777L);
    }

    @Test
    void aMostlyDeletedStreamIsReadMessageByMessage(@TempDir Path dir) throws Exception {
        assertSnapshotMatchesGets(dir, "sparse", false, true, 500, 1, null);
        assertSnapshotMatchesGets(dir, "sparsed", true, false, 500, 1, null);
    }

    private static void assertSnapshotMatchesGets(Path dir, String stream, boolean allowDirect, boolean utf8, int count,
                                                  int deleteEvery, Long maxSeq) throws Exception {
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).allowDirect(allowDirect).build());
            publish(nc.jetStream(), stream, count, utf8);
            if (deleteEvery == 1) {
                // sparse: keep one message in ten, and the last
                for (long seq = 1; seq < count; seq++) {
                    if (seq % 10 != 0) {
                        jsm.deleteMessage(stream, seq);
                    }
                }
            } else {
                for (long seq = 1; seq <= count; seq += deleteEvery) {
                    jsm.deleteMessage(stream, seq, seq % 2 == 0);
                }
                jsm.deleteMessage(stream, 2); // two deleted in a row at the start
            }
            StreamInfo before = jsm.getStreamInfo(stream);

            Jetsnap jetsnap = Jetsnap.builder().build();
            SnapshotRequest request = SnapshotRequest.of(stream).withConsumers(false);
            if (maxSeq != null) {
                request = request.withMaxSequence(maxSeq);
            }
            SnapshotResult result = jetsnap.snapshot(nc, request, dir.resolve(stream + ".json").toString());

            long upTo = result.header().selection().upToSequence();
            ManifestDigest expected = new ManifestDigest();
            expected.addHeader(result.header());
            long messages = 0;
            for (SnapshotMessage m : oneGetAtATime(nc, stream, upTo)) {
                expected.addMessage(m);
                messages++;
            }
            assertEquals(messages, result.trailer().messageCount());
            assertEquals(expected.finish(), result.trailer().digest(), "the snapshot holds what one get per message reads");

            StreamInfo after = jsm.getStreamInfo(stream);
            assertEquals(before.getStreamState().getMsgCount(), after.getStreamState().getMsgCount(), "nothing was consumed");
            assertEquals(before.getConfiguration().toJson(), after.getConfiguration().toJson(), "the configuration is unchanged");
            assertEquals(allowDirect, after.getConfiguration().getAllowDirect());
            assertEquals(0, after.getStreamState().getConsumerCount());
        }
    }

    /** Varied messages: headers (repeated names too), UTF-8 subjects if asked, empty and 64 KiB payloads. */
    private static void publish(JetStream js, String stream, int count, boolean utf8) throws Exception {
        Random random = new Random(count);
        for (int i = 1; i <= count; i++) {
            byte[] data = new byte[i % 97 == 0 ? 64 * 1024 : i % 50 == 0 ? 0 : 1 + random.nextInt(300)];
            random.nextBytes(data);
            String subject = stream + (i % 13 == 0 ? (utf8 ? ".caf\u00e9." : ".cafe.") : ".orders.") + (i % 5);
            NatsMessage.Builder b = NatsMessage.builder().subject(subject).data(data);
            if (i % 3 == 0) {
                b.headers(new Headers().add("X-Id", "id-" + i).add("X-Multi", "a", "b").add("X-Empty", ""));
            }
            js.publishAsync(b.build());
        }
        js.publish(stream + ".last", "last".getBytes(StandardCharsets.UTF_8));
    }

    /** The messages as jnats' plain get reads them, one request each: what jetsnap read before pipelining. */
    private static List<SnapshotMessage> oneGetAtATime(Connection nc, String stream, long upTo) throws Exception {
        List<SnapshotMessage> messages = new ArrayList<>();
        for (long seq = 1; seq <= upTo; seq++) {
            // STREAM.MSG.GET itself: jnats' getMessage would use a direct get on a stream that allows them
            Message reply = nc.request("$JS.API.STREAM.MSG.GET." + stream, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5));
            MessageInfo info = new MessageInfo(reply, stream, false);
            if (info.hasError()) {
                continue; // deleted
            }
            // the stored header block exactly: the answer's hdrs (jnats' MessageInfo would re-serialise it)
            io.nats.client.support.JsonValue hdrs = io.nats.client.support.JsonParser.parse(reply.getData())
                    .map.get("message").map.get("hdrs");
            byte[] data = info.getData() == null ? new byte[0] : info.getData();
            messages.add(new SnapshotMessage(info.getSeq(), info.getSubject(),
                    hdrs == null ? HeaderBlock.NONE : HeaderBlock.of(java.util.Base64.getDecoder().decode(hdrs.string)), data,
                    info.getTime().toInstant()));
        }
        return messages;
    }
}
