package io.jetsnap.it;

import io.jetsnap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the CLI entry point, in-process, with its exit code and both outputs. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(String serverUrl, String... args) {
        return run(Map.of("NATS_URL", serverUrl), args);
    }

    /** Runs with exactly this environment (no HOME: no nats context is read unless the environment says where). */
    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts the run failed with {@code exitCode} and one line on stderr, no stack trace. */
    static void assertOneLineFailure(CliRun run, int exitCode) {
        org.junit.jupiter.api.Assertions.assertEquals(exitCode, run.exitCode(), run::toString);
        org.junit.jupiter.api.Assertions.assertTrue(run.err().startsWith("jetsnap: "), run::toString);
        org.junit.jupiter.api.Assertions.assertEquals(1, run.err().strip().lines().count(), () -> "one line: " + run);
        org.junit.jupiter.api.Assertions.assertFalse(run.err().contains("\tat "), () -> "no stack trace: " + run);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
