package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad values are usage errors (exit 2, one line) before anything is read, written or connected to:
 * the server URL here answers nothing, so a check that came after connecting would fail with 1.
 */
class UsageErrorsTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Map.of("NATS_URL", "nats://127.0.0.1:1"), args);
    }

    private static void usageError(Run r, String says) {
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("jetsnap: "), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains(says), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    @Test
    void subjectsThatAreAllCommas() {
        usageError(run("restore", "copy", dir.resolve("x.cbor.zst").toString(), "--subjects", ",,,"), "--subjects takes subjects");
        usageError(run("restore", "copy", dir.resolve("x.cbor.zst").toString(), "--subjects", "a,,b"), "none of them empty");
    }

    @Test
    void replicasNatsServerCannotHave() {
        usageError(run("restore", "orders", dir.resolve("x.cbor.zst").toString(), "--replicas", "6"), "--replicas must be 1 to 5");
        usageError(run("restore", "orders", dir.resolve("x.cbor.zst").toString(), "--replicas", "0"), "--replicas must be 1 to 5");
    }

    @Test
    void durationsTooLongAreNamedWithTheirOption() {
        usageError(run("prune", dir.toString(), "--keep-within", "99999999999999999d"),
                "--keep-within: '99999999999999999d' is longer than any duration can be");
        usageError(run("prune", dir.toString(), "--keep-last", "1", "--partial-older-than", "99999999999999999999s"),
                "--partial-older-than: ");
        usageError(run("prune", dir.toString(), "--keep-within", "P-1D"), "--keep-within: 'P-1D' is not a duration");
    }

    @Test
    void formatsAndCodecOptionsAreCheckedBeforeConnecting() {
        usageError(run("snapshot", "orders", dir.resolve("o.json").toString(), "--format", "cbor"), "ends in .json");
        usageError(run("snapshot", "orders", dir.toString(), "--format", ""), "no codec named ''");
        usageError(run("snapshot", "orders", dir.toString(), "--format", "json", "--zstd-level", "3"),
                "the json codec has no option zstd.level");
        usageError(run("snapshot", "orders", dir.toString(), "-O", "zstd.lvl=3"), "the cbor codec has no option zstd.lvl");
    }

    @Test
    void streamNamesAndSubjectsNatsForbidsBeforeConnecting() {
        usageError(run("snapshot", "a.b", dir.toString()), "stream 'a.b' is not a name nats-server allows for a stream");
        usageError(run("restore", "a b", dir.resolve("x.cbor.zst").toString()), "it contains whitespace");
        usageError(run("restore", "copy", dir.resolve("x.cbor.zst").toString(), "--subjects", "a..b"), "has an empty token");
    }

    @Test
    void emptyGlobsAndStreamNames() {
        usageError(run("snapshot", "--all", dir.toString(), "--filter", ""), "not an empty one");
        usageError(run("restore", "--all", dir.toString(), "--exclude", ""), "not an empty one");
        usageError(run("ls", dir.toString(), "--stream", ""), "--stream '' is not a name nats-server allows for a stream");
    }

    @Test
    void aProgressIntervalThatIsNoPositiveNumber() {
        for (String bad : new String[] {"-1", "0", "NaN", "Infinity", "soon"}) {
            usageError(run(Map.of("JETSNAP_PROGRESS_INTERVAL", bad), "verify", dir.resolve("x.json").toString()),
                    "JETSNAP_PROGRESS_INTERVAL must be a number of seconds above 0");
        }
    }
}
