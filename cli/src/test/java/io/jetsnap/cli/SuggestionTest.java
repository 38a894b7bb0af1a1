package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mistyped command or option is answered with the closest ones, as git and nats do. */
class SuggestionTest {
    private static final List<String> COMMANDS = List.of("snapshot", "restore", "info", "verify", "convert", "ls", "prune",
            "codecs", "stores", "completion");

    @Test
    void theClosestWithinAThirdOfTheWord() {
        assertEquals(List.of("snapshot"), Suggestion.closest("snapshto", COMMANDS));
        assertEquals(List.of("restore"), Suggestion.closest("rstore", COMMANDS));
        assertEquals(List.of("verify"), Suggestion.closest("verfy", COMMANDS));
        assertEquals(List.of("ls"), Suggestion.closest("lss", COMMANDS));
        assertEquals(List.of("snapshot"), Suggestion.closest("snap", COMMANDS)); // a beginning
        assertEquals(List.of(), Suggestion.closest("xyz", COMMANDS));
        assertEquals(List.of("--force"), Suggestion.closest("--forec", List.of("--force", "--format", "--filter")));
        assertEquals(List.of("--dry-run"), Suggestion.closest("--dryrun", List.of("--dry-run", "--replicas")));
        assertEquals(List.of("--keep-within"), Suggestion.closest("--keep-witin=7d", List.of("--keep-within", "--keep-last")));
    }

    @Test
    void saidOnTheUsageErrorsLine() {
        UsageErrorsTest.Run command = UsageErrorsTest.run(Map.of(), "snapshto");
        assertEquals(2, command.exitCode());
        assertEquals("jetsnap: unknown command 'snapshto'; did you mean 'snapshot'? (try 'jetsnap --help')", command.err().strip());
        UsageErrorsTest.Run option = UsageErrorsTest.run(Map.of(), "restore", "orders", "x.cbor.zst", "--forec");
        assertEquals(2, option.exitCode());
        assertEquals("jetsnap: unknown option '--forec'; did you mean '--force'? (try 'jetsnap restore --help')", option.err().strip());
        UsageErrorsTest.Run secret = UsageErrorsTest.run(Map.of(), "--pasword=s3cret", "snapshot", "a", "b");
        assertEquals("jetsnap: unknown option '--pasword'; did you mean '--password'? (try 'jetsnap --help')", secret.err().strip());
        UsageErrorsTest.Run nothing = UsageErrorsTest.run(Map.of(), "zzzzzz");
        assertTrue(nothing.err().startsWith("jetsnap: unknown command 'zzzzzz' (try 'jetsnap --help')"), nothing::toString);
    }
}
