package io.jetsnap.cli;

import io.jetsnap.core.Cancellation;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code jetsnap} command. */
public final class Main {
    private Main() {
    }

    /** Runs the CLI and exits; SIGTERM and SIGINT stop its work cleanly (see {@link SignalShutdown}). */
    public static void main(String[] args) {
        SignalShutdown shutdown = SignalShutdown.install();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, System.getenv(), shutdown.cancellation(), args);
        out.flush();
        err.flush();
        shutdown.finished();
        if (!shutdown.stopping()) {
            System.exit(code);
        }
        // else the signal's shutdown ends the JVM, with 128 + the signal's number
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return run(out, err, System.getenv(), args);
    }

    /** Runs the CLI with the given output and environment; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return run(out, err, env, Cancellation.create(), args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, Map, String...)}, stopped early by {@code cancellation}. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, Cancellation cancellation,
                          String... args) {
        try {
            return Cli.commandLine(out, err, env, cancellation).execute(args);
        } catch (OutOfMemoryError e) {
            // what held the memory is gone with the stack: there is room for one line
            err.println("jetsnap: " + io.jetsnap.core.HeapNeed.outOfMemory(e).getMessage());
            err.flush();
            return Cli.FAILED;
        }
    }
}
