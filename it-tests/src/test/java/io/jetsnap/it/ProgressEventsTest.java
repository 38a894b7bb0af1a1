package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.SnapshotResult;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.ServerGate;
import io.nats.client.Connection;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} progress events on stderr name the stream they are about: in a snapshot or
 * restore of one stream, and of many ({@code --all}), where they tell the streams apart. A
 * snapshot's expected total is that of the messages it selects, or unknown (-1).
 */
class ProgressEventsTest {
    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();

    @BeforeAll
    static void streams() throws Exception {
        try (Connection nc = nats.connect()) {
            // 12 MiB each: several pulls of at most 4 MiB, so that each stream's phases report before they end
            RandomFill.stream(nc, "events_a", 3000, 4096, 2, 1);
            RandomFill.stream(nc, "events_b", 3000, 4096, 2, 2);
            RandomFill.stream(nc, "events_gaps", 3000, 16, 1, 3);
            nc.jetStreamManagement().deleteMessage("events_gaps", 100);
        }
    }

    private static CliRun cli(String... args) {
        CliRun r = CliRun.run(Map.of("NATS_URL", nats.url(), "JETSNAP_PROGRESS_INTERVAL", "0.001"), args); // every event
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** Each progress event's stream, checking that every one of them names one. */
    private static List<String> streamsOfEvents(CliRun r) {
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty(), () -> "progress events: " + r);
        return lines.stream().map(line -> {
            Map<String, JsonValue> event = JsonParser.parseUnchecked(line).map;
            assertEquals("progress", event.get("event").string, line);
            assertNotNull(event.get("stream"), () -> "names its stream: " + line);
            return event.get("stream").string;
        }).toList();
    }

    @Test
    void eventsOfOneStreamNameIt(@TempDir Path dir) throws Exception {
        String snapshot = dir.resolve("a.json").toString();
        assertEquals(Set.of("events_a"), Set.copyOf(streamsOfEvents(cli("snapshot", "events_a", snapshot, "--json"))));
        assertEquals(Set.of("events_a"), Set.copyOf(streamsOfEvents(cli("restore", "events_a", snapshot, "--dry-run", "--force",
                "--json"))));
        try (Connection nc = nats.connect()) {
            if (ServerGate.atLeast(nc, 10, "a clone beside its original takes subjects of its own (--subjects)")) {
                CliRun clone = cli("restore", "events_clone", snapshot, "--subjects", "clone.>", "--json");
                assertEquals(Set.of("events_clone"), Set.copyOf(streamsOfEvents(clone)), "the stream restored, not the snapshot's");
            }
        }
    }

    @Test
    void eventsOfManyStreamsTellThemApart(@TempDir Path dir) {
        CliRun all = cli("snapshot", "--all", "--filter", "events_?", dir.toString(), "--json");
        assertEquals(List.of("events_a", "events_b"), new TreeSet<>(streamsOfEvents(all)).stream().toList());
        CliRun restore = cli("restore", "--all", dir.toString(), "--force", "--json");
        assertEquals(List.of("events_a", "events_b"), new TreeSet<>(streamsOfEvents(restore)).stream().toList());
    }

    @Test
    void narrowedSnapshotExpectsItsSelectionNotTheStream(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            // a stream without deleted sequences: exactly the messages up to --max-seq
            Totals maxSeq = snapshot(nc, SnapshotRequest.of("events_a").withMaxSequence(2500L), dir.resolve("max.json"));
            assertEquals(List.of(2500L, 2500L, 2500L), maxSeq.totals(), "progress at 1000, 2000 and the end");

            // how many are older than --before is known only once they are read
            Instant before = nc.jetStreamManagement().getMessage("events_a", 2501).getTime().toInstant();
            Totals older = snapshot(nc, SnapshotRequest.of("events_a").withBefore(before), dir.resolve("before.json"));
            assertTrue(older.result().trailer().messageCount() < 3000, older::toString);
            assertEquals(List.of(-1L, -1L, older.result().trailer().messageCount()), older.totals());

            // sequence 100 is deleted: how many of the 2999 messages are up to 2500 the state does not say
            Totals gaps = snapshot(nc, SnapshotRequest.of("events_gaps").withMaxSequence(2500L), dir.resolve("gaps.json"));
            assertEquals(List.of(-1L, -1L, 2499L), gaps.totals());
            Totals whole = snapshot(nc, SnapshotRequest.of("events_gaps").withMaxSequence(3000L), dir.resolve("whole.json"));
            assertEquals(List.of(2999L, 2999L, 2999L), whole.totals(), "a --max-seq at the end narrows nothing");
        }
    }

    /** The totals a snapshot's progress reported, in order, and what it wrote. */
    private record Totals(List<Long> totals, SnapshotResult result) {
    }

    private static Totals snapshot(Connection nc, SnapshotRequest request, Path file) {
        List<Long> totals = new ArrayList<>();
        SnapshotResult result = Jetsnap.builder().progress((phase, messages, bytes, total) -> {
            if (phase.equals("snapshot")) {
                totals.add(total);
            }
        }).build().snapshot(nc, request, file.toString());
        return new Totals(totals, result);
    }
}
