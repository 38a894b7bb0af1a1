package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: for random streams (random subjects, headers and payloads, deletes, purges by
 * subject, per-subject limits, either storage), snapshot then restore under another name gives a
 * message-by-message identical stream. Seeded, so a failure names the seed that reproduces it.
 */
class RandomStreamsTest {
    private static final String[] HEADER_NAMES = {"X-Trace", "x-trace", "Content-Type", "Nats-Msg-Id", "X-Multi", "Empty"};
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomStreamRestoresIdenticallyUnderAnotherName(long seed, @TempDir Path dir) throws Exception {
        Random random = new Random(seed);
        String stream = "rand" + seed;
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamConfiguration.Builder config = StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                    .storageType(random.nextBoolean() ? StorageType.File : StorageType.Memory);
            if (random.nextInt(3) == 0) {
                config.maxMessagesPerSubject(1 + random.nextInt(5));
            }
            jsm.addStream(config.build());
            JetStream js = nc.jetStream();
            int count = 50 + random.nextInt(400);
            for (int i = 0; i < count; i++) {
                String subject = stream + "." + "abc".charAt(random.nextInt(3)) + "." + "xy".charAt(random.nextInt(2));
                byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(2000)];
                random.nextBytes(payload);
                NatsMessage.Builder m = NatsMessage.builder().subject(subject).data(payload);
                int headers = random.nextInt(4);
                if (headers > 0) {
                    Headers h = new Headers();
                    for (int k = 0; k < headers; k++) {
                        String name = HEADER_NAMES[random.nextInt(HEADER_NAMES.length)];
                        String value = name.equals("Nats-Msg-Id") ? "id-" + i : name.equals("Empty") ? "" : "v" + random.nextInt(100);
                        h.add(name, value);
                    }
                    m.headers(h);
                }
                js.publish(m.build());
                int action = random.nextInt(40);
                StreamInfo info = jsm.getStreamInfo(stream);
                long last = info.getStreamState().getLastSequence();
                if (action == 0 && info.getStreamState().getMsgCount() > 0) {
                    try {
                        jsm.deleteMessage(stream, 1 + (long) random.nextInt((int) last));
                    } catch (io.nats.client.JetStreamApiException alreadyGone) {
                        // deleting a sequence that is already gone is fine for this property
                    }
                } else if (action == 1) {
                    jsm.purgeStream(stream, PurgeOptions.subject(stream + "." + "abc".charAt(random.nextInt(3)) + ".>"));
                } else if (action == 2) {
                    jsm.purgeStream(stream, PurgeOptions.builder().sequence(Math.max(1, last - random.nextInt(20))).build());
                }
            }
            List<String> original = StreamDump.of(nc, stream);
            String format = random.nextBoolean() ? "json" : "cbor";
            String file = dir.resolve(stream + "." + format).toString();
            CliRun snap = CliRun.run(source.url(), "snapshot", stream, file, "--format", format);
            assertEquals(0, snap.exitCode(), () -> "seed " + seed + ": " + snap);
            String clone = stream + "-clone";
            CliRun restore = CliRun.run(target.url(), "restore", clone, file);
            assertEquals(0, restore.exitCode(), () -> "seed " + seed + ": " + restore);
            StreamDump.assertSame(original, StreamDump.of(other, clone));
            if (restore.out().contains("original timestamps")) {
                // the server-side restore (2.15+) keeps when each message was stored
                assertEquals(StreamDump.times(nc, stream), StreamDump.times(other, clone), () -> "seed " + seed);
            }
            StreamConfiguration restored = other.jetStreamManagement().getStreamInfo(clone).getConfiguration();
            StreamConfiguration was = jsm.getStreamInfo(stream).getConfiguration();
            assertEquals(was.getMaxMsgsPerSubject(), restored.getMaxMsgsPerSubject());
            assertEquals(was.getStorageType(), restored.getStorageType());
            assertEquals(was.getSubjects(), restored.getSubjects());
        }
    }
}
