package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.JsClient.Ack;
import io.jetsnap.it.support.JsClient.Message;
import io.jetsnap.it.support.JsClient;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RestoreMethods;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restored stream remembers the {@code Nats-Msg-Id}s the original remembers: those stored within
 * its duplicate window. The JavaScript client publishes ids early (outside the window by the time
 * of the snapshot) and late (inside it, spread over thousands of messages so the restore's load
 * takes longer than its own short window), then publishes every id again on the original and on
 * the restored stream (right after the restore: a restored stream remembers an id for a window
 * from when it was published back): the acks must agree. The server-side restore (2.15) must say when it does
 * not remember them.
 */
class DuplicateWindowTest {
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final int EARLY = 10;
    private static final int LATE = 40;
    private static final int FILLERS_BETWEEN = 250;

    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @Test
    void idsWithinTheDuplicateWindowAreDuplicatesOnTheRestoredStreamToo(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("dedup").subjects("dedup.*")
                    .duplicateWindow(WINDOW).build());
            JsClient js = JsClient.of(source);
            js.publish(ids("early", EARLY, 0));
            Thread.sleep(WINDOW.toMillis() + 500);
            js.publish(ids("late", LATE, FILLERS_BETWEEN));
            long lateDone = System.nanoTime();
            String file = dir.resolve("dedup.snapshot").toString();
            CliRun snap = CliRun.run(source.url(), "snapshot", "dedup", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            // what the original does: late ids are duplicates, early ones are stored again
            List<Ack> original = JsClient.of(source).publish(republished());
            for (int i = 0; i < original.size(); i++) {
                assertEquals(i >= EARLY, original.get(i).duplicate(), "the original at #" + i + ": " + original);
            }

            for (String method : RestoreMethods.of(other, "DuplicateWindowTest")) {
                CliRun restore = CliRun.run(target.url(), "restore", "dedup", file, "--force", "--method", method, "--json");
                assertEquals(0, restore.exitCode(), restore::toString);
                List<Ack> restored = JsClient.of(target).publish(republished());
                long storedAgain = restored.stream().skip(EARLY).filter(a -> !a.duplicate()).count();
                if (method.equals("publish")) {
                    assertEquals(0, storedAgain, () -> "late ids stored again after a publishing restore: " + restored);
                } else if (storedAgain > 0 && System.nanoTime() - lateDone < WINDOW.toNanos()) {
                    assertTrue(restore.out().contains("Nats-Msg-Id") && restore.out().contains("duplicate window"),
                            () -> storedAgain + " late ids stored again, and the restore did not say so: " + restore);
                }
                for (int i = 0; i < EARLY; i++) {
                    assertTrue(!restored.get(i).duplicate(), "an early id, which the original no longer remembers: " + restored);
                }
            }
        }
    }

    /** {@code count} messages with ids {@code prefix-i}, each followed by {@code fillers} messages without one. */
    private static List<Message> ids(String prefix, int count, int fillers) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(Message.of("dedup.id", prefix + i).withMsgId(prefix + "-" + i));
            for (int f = 0; f < fillers; f++) {
                messages.add(Message.of("dedup.fill", "f"));
            }
        }
        return messages;
    }

    /** Every id again, early ones first. */
    private static List<Message> republished() {
        List<Message> again = new ArrayList<>(ids("early", EARLY, 0));
        again.addAll(ids("late", LATE, 0));
        return again;
    }
}
