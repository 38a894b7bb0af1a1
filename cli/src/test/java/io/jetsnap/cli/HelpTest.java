package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command's --help, and its shell completion, shows what that command takes and says it in its own terms. */
class HelpTest {
    private static final List<String> CONNECTION_FLAGS = List.of("--server", "--user", "--password", "--creds", "--nkey",
            "--tlscert", "--tlskey", "--tlsca", "--tlsfirst", "--context");

    private static String help(String... command) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                .toArray(String[]::new);
        UsageErrorsTest.Run r = UsageErrorsTest.run(Map.of(), args);
        assertEquals(0, r.exitCode(), r::toString);
        return r.out();
    }

    @Test
    void onlyTheCommandsThatConnectShowAndTakeTheConnectionFlags() {
        Map<String, List<String>> commands = Map.of("info", List.of("a"), "verify", List.of("a"), "convert", List.of("a", "b"),
                "ls", List.of("a"), "prune", List.of("a"), "codecs", List.of(), "stores", List.of(), "completion", List.of());
        for (var command : commands.entrySet()) {
            String help = help(command.getKey());
            for (String flag : CONNECTION_FLAGS) {
                assertFalse(help.contains(flag), command + " --help shows " + flag + ":\n" + help);
            }
            List<String> args = new java.util.ArrayList<>(List.of(command.getKey(), "-s", "nats://h:4222"));
            args.addAll(command.getValue());
            UsageErrorsTest.Run given = UsageErrorsTest.run(Map.of(), args.toArray(String[]::new));
            assertEquals(2, given.exitCode(), given::toString);
            assertTrue(given.err().contains("unknown option '-s'"), given::toString);
        }
        for (String command : List.of("snapshot", "restore")) {
            String help = help(command);
            for (String flag : CONNECTION_FLAGS) {
                assertTrue(help.contains(flag), command + " --help lacks " + flag);
            }
        }
        assertTrue(help().contains("snapshot and restore connect to NATS"), help());
    }

    @Test
    void allIsDescribedInEachCommandsOwnTerms() {
        String snapshot = help("snapshot");
        String restore = help("restore");
        assertTrue(snapshot.matches("(?s).*--all +Snapshot every stream.*"), snapshot);
        assertFalse(snapshot.contains("Restore every stream") || snapshot.contains("SOURCE"), snapshot);
        assertTrue(restore.matches("(?s).*--all +Restore every stream.*"), restore);
        assertFalse(restore.contains("Snapshot every stream") || restore.contains("TARGET"), restore);
    }

    @Test
    void noParameterSyntaxNoiseAndTheShortFlagsOperatorsReachFor() {
        String restore = help("restore");
        assertTrue(restore.contains("--subjects=SUBJECT[,SUBJECT...]"), restore);
        assertFalse(restore.contains("[,SUBJECT[,SUBJECT...]...]"), restore);
        assertFalse(restore.contains("SOURCE..."), restore);
        assertTrue(restore.contains("-f, --force") && restore.contains("-n, --dry-run") && restore.contains("--no-progress"), restore);
        assertTrue(restore.contains("--cluster=NAME") && restore.contains("--tag=TAG"), restore);
        assertFalse(help("snapshot").contains("TARGET..."));
        assertTrue(help("prune").contains("-n, --dry-run"));
    }

    @Test
    void bashCompletionCompletesEachCommandsOwnFlags(@TempDir Path dir) throws Exception {
        UsageErrorsTest.Run script = UsageErrorsTest.run(Map.of(), "completion", "bash");
        assertEquals(0, script.exitCode(), script::toString);
        Path file = Files.writeString(dir.resolve("jetsnap.bash"), script.out(), StandardCharsets.UTF_8);
        assertEquals("--force", complete(file, "jetsnap restore --forc"));
        assertEquals("--cluster", complete(file, "jetsnap restore --clus"));
        assertEquals("--server", complete(file, "jetsnap restore --serv"));
        assertEquals("", complete(file, "jetsnap info --serv"), "info takes no connection flags");
        assertEquals("snapshot", complete(file, "jetsnap snaps"));
    }

    /** What bash completes the last word of {@code line} to, with the script sourced. */
    private static String complete(Path script, String line) throws Exception {
        String[] words = line.split(" ");
        String program = "source " + script + "; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "; _complete_jetsnap; echo \"${COMPREPLY[*]}\"";
        // compopt complains outside a real completion; what it says does not matter here
        Process p = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
