package io.jetsnap.cli;

import io.jetsnap.core.ProgressListener;
import java.io.PrintWriter;

/** Prints progress to a terminal at most once a second, overwriting the line. */
final class ProgressPrinter implements ProgressListener {
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long lastPrinted = System.nanoTime();
    private boolean printed;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void progress(String phase, long messages, long bytes, long totalMessages) {
        long now = System.nanoTime();
        boolean finished = totalMessages >= 0 && messages >= totalMessages;
        if (!finished && now - lastPrinted < INTERVAL_NANOS) {
            return;
        }
        if (finished && !printed) {
            return;
        }
        lastPrinted = now;
        printed = true;
        double secs = Math.max(1e-9, (now - started) / 1e9);
        String of = totalMessages >= 0 ? "/" + totalMessages : "";
        err.printf("\r%s: %d%s messages, %s, %.0f msg/s%s", phase, messages, of, Output.bytes(bytes), messages / secs,
                finished ? "\n" : "");
        err.flush();
    }
}
