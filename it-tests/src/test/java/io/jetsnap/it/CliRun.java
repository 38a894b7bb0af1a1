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

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
