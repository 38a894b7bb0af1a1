package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.HeapNeed;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory is bounded by the largest message plus a constant, and the tool says which: a stream of 8
 * messages of 4 MiB is snapshotted (both codecs), verified and restored by the CLI as it ships in
 * the heap {@link HeapNeed} asks for such messages (40 MiB), neither running out of memory nor
 * stalling; in a smaller heap (the 32 MiB in which the restore's copies did not fit, or 14 MiB),
 * each says on one line how much heap it needs, and changes nothing.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class SmallHeapTest {
    private static final int MESSAGES = 8;
    private static final int PAYLOAD = 4 << 20;
    /** No step may take longer than this: a stall (a reader waiting for memory that never comes) fails. */
    private static final Duration STEP = Duration.ofSeconds(90);

    private static TestNatsServer nats;
    /** Restores go to a server of their own: the same subjects, on every version (2.9 has no --subjects). */
    private static TestNatsServer target;

    @BeforeAll
    static void start() throws Exception {
        nats = TestNatsServer.start("max_payload: 8MB\n");
        try (Connection nc = nats.connect()) {
            // the memory a run needs is jetsnap's, not the server's: the publishing restore (2.9) and the
            // server-side one (2.15) are each measured once; 2.10 restores as 2.9 does
            Assumptions.assumeFalse(nc.getServerInfo().getVersion().startsWith("2.10.") && !Boolean.getBoolean("jetsnap.smallHeap.everyVersion"),
                    "2.9 and 2.15 cover the two restore methods (-Djetsnap.smallHeap.everyVersion=true runs it here too)");
        }
        target = TestNatsServer.start("max_payload: 8MB\n");
        try (Connection nc = nats.connect()) {
            RandomFill.stream(nc, "big", MESSAGES, PAYLOAD, 2, 14);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
        if (target != null) {
            target.close();
        }
    }

    static CliRun cli(String heap, String... args) throws Exception {
        return cli(nats, heap, args);
    }

    static CliRun cli(TestNatsServer server, String heap, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("-s", server.url()));
        command.addAll(List.of(args));
        return CliRun.runShippedJvm(List.of(heap), STEP, command.toArray(String[]::new));
    }

    static void assertClean(CliRun r) {
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("OutOfMemoryError"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void eightMessagesOfFourMiBGoThroughTheHeapTheToolAsksFor(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("big." + (format.equals("json") ? "json" : "cbor.zst"));
        // the heap the tool itself says such messages need
        CliRun refused = cli("-Xmx32m", "snapshot", "big", file.toString(), "--format", format, "-q");
        String heap = "-Xmx" + neededMiB(refused, "-Xmx32m") + "m";
        assertClean(cli(heap, "snapshot", "big", file.toString(), "--format", format, "-q"));
        CliRun verify = cli(heap, "verify", file.toString());
        assertClean(verify);
        String target = "big_" + format;
        assertClean(cli(SmallHeapTest.target, heap, "restore", target, file.toString(), "-q"));
        try (Connection nc = nats.connect(); Connection restored = SmallHeapTest.target.connect()) {
            var state = restored.jetStreamManagement().getStreamInfo(target).getStreamState();
            assertEquals(MESSAGES, state.getMsgCount());
            assertEquals(nc.jetStreamManagement().getStreamInfo("big").getStreamState().getByteCount(), state.getByteCount());
            restored.jetStreamManagement().deleteStream(target);
        }
    }

    @ParameterizedTest
    @CsvSource({"json,-Xmx32m", "cbor,-Xmx14m"})
    void aHeapTooSmallSaysHowMuchItNeeds(String format, String small, @TempDir Path dir) throws Exception {
        String enough = "-Xmx" + ((HeapNeed.bytesFor(PAYLOAD) >> 20) + 1) + "m";
        Path file = dir.resolve("big." + (format.equals("json") ? "json" : "cbor.zst"));
        CliRun snapshot = cli(small, "snapshot", "big", file.toString(), "--format", format, "-q");
        assertNeedsMore(snapshot, small);
        assertFalse(file.toFile().exists(), "no snapshot written");

        assertClean(cli(enough, "snapshot", "big", file.toString(), "--format", format, "-q"));
        assertNeedsMore(cli(small, "verify", file.toString()), small);
        assertNeedsMore(cli(target, small, "restore", "small_" + format, file.toString()), small);
        try (Connection nc = target.connect()) {
            assertFalse(nc.jetStreamManagement().getStreamNames().contains("small_" + format), "nothing restored");
        }
    }

    private static void assertNeedsMore(CliRun r, String small) {
        neededMiB(r, small);
    }

    /** The heap a one-line refusal in {@code small} says is needed, in MiB, checked to be more than {@code small}. */
    private static int neededMiB(CliRun r, String small) {
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("jetsnap: "), r::toString);
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r);
        assertTrue(r.err().contains("-Xmx"), r::toString);
        java.util.regex.Matcher need = java.util.regex.Pattern.compile("needs about (\\d+) MiB").matcher(r.err());
        assertTrue(need.find(), r::toString);
        // at most what such a message needs: a decoder refuses as its buffer grows past what the heap holds
        int mib = Integer.parseInt(need.group(1));
        assertTrue(mib > Integer.parseInt(small.replaceAll("\\D", "")) && mib <= (HeapNeed.bytesFor(PAYLOAD) >> 20) + 1,
                r::toString);
        return mib;
    }
}
