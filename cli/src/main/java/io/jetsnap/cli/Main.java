package io.jetsnap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code jetsnap} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return run(out, err, System.getenv(), args);
    }

    /** Runs the CLI with the given output and environment; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return Cli.commandLine(out, err, env).execute(args);
    }
}
