package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.s3.S3Cli;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory is bounded by the largest message plus a constant: a stream of 8 messages of 4 MiB is
 * snapshotted (both codecs), verified and restored by a CLI JVM with {@code -Xmx32m}, neither
 * running out of memory nor stalling; with a heap too small for one such message, each says on one
 * line how much heap it needs.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
@org.junit.jupiter.api.Disabled("issue 14 §4 not yet met: under -Xmx32m the JSON snapshot stalls (the exact-headers "
        + "connection's jnats reader thread dies of an OutOfMemoryError inside its executor, silently) and the CBOR path runs "
        + "out of memory; under -Xmx14m the CBOR snapshot, verify and restore are refused on one line as they should be")
class SmallHeapTest {
    private static final int MESSAGES = 8;
    private static final int PAYLOAD = 4 << 20;
    /** No step may take longer than this: a stall (a reader waiting for memory that never comes) fails. */
    private static final Duration STEP = Duration.ofSeconds(90);

    private static TestNatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        nats = TestNatsServer.start("max_payload: 8MB\n");
        try (Connection nc = nats.connect()) {
            RandomFill.stream(nc, "big", MESSAGES, PAYLOAD, 2, 14);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    static S3Cli.Result cli(String heap, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("-s", nats.url()));
        command.addAll(List.of(args));
        return S3Cli.runJvm(List.of(heap), Map.of(), STEP, command.toArray(String[]::new));
    }

    static void assertClean(S3Cli.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("OutOfMemoryError"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void eightMessagesOfFourMiBGoThroughA32MiBHeap(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("big." + (format.equals("json") ? "json" : "cbor.zst"));
        assertClean(cli("-Xmx32m", "snapshot", "big", file.toString(), "--format", format, "-q"));
        S3Cli.Result verify = cli("-Xmx32m", "verify", file.toString());
        assertClean(verify);
        String target = "big_" + format;
        assertClean(cli("-Xmx32m", "restore", target, file.toString(), "-q"));
        try (Connection nc = nats.connect()) {
            var state = nc.jetStreamManagement().getStreamInfo(target).getStreamState();
            assertEquals(MESSAGES, state.getMsgCount());
            assertEquals(nc.jetStreamManagement().getStreamInfo("big").getStreamState().getByteCount(), state.getByteCount());
            nc.jetStreamManagement().deleteStream(target);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void aHeapTooSmallForOneMessageSaysHowMuchItNeeds(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("big." + (format.equals("json") ? "json" : "cbor.zst"));
        S3Cli.Result snapshot = cli("-Xmx14m", "snapshot", "big", file.toString(), "--format", format, "-q");
        assertNeedsMore(snapshot);
        assertFalse(file.toFile().exists(), "no snapshot written");

        assertClean(cli("-Xmx32m", "snapshot", "big", file.toString(), "--format", format, "-q"));
        assertNeedsMore(cli("-Xmx14m", "verify", file.toString()));
        assertNeedsMore(cli("-Xmx14m", "restore", "small_" + format, file.toString()));
        try (Connection nc = nats.connect()) {
            assertFalse(nc.jetStreamManagement().getStreamNames().contains("small_" + format), "nothing restored");
        }
    }

    private static void assertNeedsMore(S3Cli.Result r) {
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("jetsnap: "), r::toString);
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r);
        assertTrue(r.err().contains("-Xmx"), r::toString);
        assertTrue(r.err().matches("(?s).*needs about \\d+ MiB.*"), r::toString);
    }
}
