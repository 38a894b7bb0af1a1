package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file a restore verified is the file it loads. A snapshot replaced while the restore verifies
 * it (an operator copying a newer one over it, a sync job renaming one into place) used to be loaded
 * unverified, after {@code --force} had deleted the existing stream: a truncated replacement cost
 * the stream most of its messages. Now a snapshot written over in place is refused with nothing
 * changed, and one renamed over is not seen: the restore loads what it verified.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class VerifiedIsLoadedTest {
    private static final int MESSAGES = 3000;

    @TempDir
    Path dir;

    /** Written over in place (as {@code cp} does) halfway through the verify, or once it is done. */
    @org.junit.jupiter.params.ParameterizedTest(name = "written over after {0} of the messages were verified")
    @org.junit.jupiter.params.provider.ValueSource(ints = {MESSAGES / 2, MESSAGES})
    void aSnapshotWrittenOverInPlaceIsRefusedAndTheStreamIsKept(int after) throws Exception {
        try (TestNatsServer server = TestNatsServer.start(); Connection nc = server.connect()) {
            Path file = snapshot(nc, "orders.json");
            Path truncated = dir.resolve("truncated.json");
            byte[] bytes = Files.readAllBytes(file);
            Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            var before = StreamDump.of(nc, "ORDERS");
            AtomicBoolean replaced = new AtomicBoolean();
            Jetsnap jetsnap = replacingDuringVerify(after, replaced, () -> Files.write(file, Files.readAllBytes(truncated)));
            SnapshotException e = assertThrows(SnapshotException.class,
                    () -> jetsnap.restore(nc, RestoreRequest.of("ORDERS").withForce(true), file.toString()));
            assertTrue(replaced.get(), "the snapshot was replaced during the restore");
            // halfway, the verify pass reads the truncation itself, unless its read-ahead had the rest of
            // the file already (a loaded machine): then, as once verified, the load's open tells
            boolean writtenOver = e.getMessage().contains("was written over since it was first read");
            assertTrue(after < MESSAGES ? e.code() == ErrorCode.CORRUPT_SNAPSHOT || writtenOver : writtenOver, e.getMessage());
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            assertEquals(before, StreamDump.of(nc, "ORDERS"), "the existing stream is untouched");
        }
    }

    @Test
    void aSnapshotRenamedOverDuringTheVerifyIsNotSeenTheVerifiedOneIsLoaded() throws Exception {
        try (TestNatsServer server = TestNatsServer.start(); Connection nc = server.connect()) {
            Path file = snapshot(nc, "orders.json");
            var before = StreamDump.of(nc, "ORDERS");
            Path other = dir.resolve("other.json");
            Files.write(other, "not the snapshot that was verified".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            AtomicBoolean replaced = new AtomicBoolean();
            Jetsnap jetsnap = replacingDuringVerify(MESSAGES, replaced, () -> Files.move(other, file,
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
            var result = jetsnap.restore(nc, RestoreRequest.of("ORDERS").withForce(true), file.toString());
            assertTrue(replaced.get(), "the snapshot was replaced during the restore");
            assertEquals(MESSAGES, result.messages());
            assertEquals(before, StreamDump.of(nc, "ORDERS"));
        }
    }

    private Path snapshot(Connection nc, String name) throws Exception {
        RandomFill.stream(nc, "ORDERS", MESSAGES, 512, 4, 7);
        Path file = dir.resolve(name);
        Jetsnap.builder().build().snapshot(nc, SnapshotRequest.of("ORDERS"), file.toString(), "json");
        return file;
    }

    interface Replacement {
        void run() throws IOException;
    }

    /** A jetsnap that replaces the snapshot once, when its verify pass has read {@code after} messages. */
    private static Jetsnap replacingDuringVerify(int after, AtomicBoolean done, Replacement replacement) {
        return Jetsnap.builder().progress((phase, messages, bytes, total) -> {
            if (phase.equals("verify") && messages >= after && done.compareAndSet(false, true)) {
                try {
                    replacement.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).build();
    }
}
