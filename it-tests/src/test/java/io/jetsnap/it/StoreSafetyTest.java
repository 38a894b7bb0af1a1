package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot is never lost by a mistake or overwritten, and hostile files in a folder or index
 * cost nothing: prune's zero rules, names that collide, index names that leave their folder,
 * large files that are not snapshots, FIFOs, and leftover partial files.
 */
class StoreSafetyTest {
    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();

    static CliRun cli(String... args) {
        return CliRun.run(Map.of("NATS_URL", nats.url()), args);
    }

    static CliRun ok(String... args) {
        CliRun r = cli(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    static void stream(Connection nc, String name, int messages) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").build());
        JetStream js = nc.jetStream();
        for (int i = 0; i < messages; i++) {
            js.publish(name + ".m", ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pruneKeepLastZeroIsNoRuleAndRemovingEverySnapshotNeedsItsOwnFlag(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "zero", 2);
        }
        for (int i = 0; i < 3; i++) {
            ok("snapshot", "zero", dir.resolve("zero-" + i + ".json").toString());
        }
        List<String> before = names(dir);
        for (String[] args : new String[][] {{"--keep-last", "0"}, {"--keep-last", "0", "--keep-within", "0s"},
                {"--keep-within", "0d", "--json"}}) {
            List<String> command = new java.util.ArrayList<>(List.of("prune", dir.toString()));
            command.addAll(List.of(args));
            CliRun run = cli(command.toArray(String[]::new));
            CliRun.assertOneLineFailure(run, 2);
            assertTrue(run.err().contains("--unsafe-allow-remove-all"), run::toString);
            assertEquals(before, names(dir), "nothing removed by " + String.join(" ", args));
        }
        CliRun kept = ok("prune", dir.toString(), "--keep-last", "0", "--keep-within", "1h", "--json");
        assertEquals(0L, JsonParser.parse(kept.out()).map.get("removed").number.longValue(), kept::toString);

        CliRun dry = ok("prune", dir.toString(), "--keep-last", "0", "--unsafe-allow-remove-all", "--dry-run");
        assertEquals(before, names(dir));
        assertTrue(dry.out().contains("3 would remove"), dry::toString);
        ok("prune", dir.toString(), "--unsafe-allow-remove-all");
        assertEquals(List.of(), names(dir));
    }
}
