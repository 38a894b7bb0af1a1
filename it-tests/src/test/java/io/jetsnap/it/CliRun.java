package io.jetsnap.it;

import io.jetsnap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the CLI entry point, in-process, with its exit code and both outputs. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(String serverUrl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("NATS_URL", serverUrl), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
