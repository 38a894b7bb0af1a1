package io.jetsnap.cli;

import io.jetsnap.core.ProgressListener;
import io.nats.client.support.JsonValue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds
 * otherwise (logs, cron), or one JSON object a line with {@code --json}. Each phase (verify,
 * snapshot, restore) starts its own clock; a phase that ends before the first interval prints
 * nothing, so quick runs stay quiet.
 */
final class ProgressPrinter implements ProgressListener {
    /** How progress is shown. */
    enum Style {
        TERMINAL(Duration.ofMillis(250)), LINES(Duration.ofSeconds(5)), JSON(Duration.ofSeconds(5));

        final Duration interval;

        Style(Duration interval) {
            this.interval = interval;
        }
    }

    private static final int BAR_WIDTH = 24;
    private final Style style;
    private final PrintWriter err;
    private final long intervalNanos;
    private final LongSupplier clock;
    private @Nullable String label;
    private @Nullable String stream;
    private String phase = "";
    private long phaseStarted;
    private long lastPrinted;
    private boolean printedInPhase;
    private boolean finishedInPhase;
    private boolean lineEnded = true;

    ProgressPrinter(Style style, PrintWriter err, Duration interval, LongSupplier nanoClock) {
        this.style = style;
        this.err = err;
        this.intervalNanos = interval.toNanos();
        this.clock = nanoClock;
    }

    /** Ends a bar left mid-line (by a failure), so that what follows starts on a line of its own. */
    void endLine() {
        if (style == Style.TERMINAL && printedInPhase && !lineEnded) {
            err.println();
            err.flush();
        }
        lineEnded = true;
    }

    /** Names the stream the next phases are about, in a run over many: in the lines and the JSON events. */
    void label(@Nullable String what) {
        this.label = what;
        this.stream = what;
        this.phase = "";
    }

    /** Names the stream of a single snapshot or restore in the JSON events only (its lines need no name). */
    void stream(String name) {
        this.stream = name;
    }

    @Override
    public void progress(String phaseName, long messages, long bytes, long totalMessages) {
        long now = clock.getAsLong();
        if (!phaseName.equals(phase)) {
            phase = phaseName;
            phaseStarted = now;
            lastPrinted = now;
            printedInPhase = false;
            finishedInPhase = false;
        }
        boolean finished = totalMessages >= 0 && messages >= totalMessages;
        // the end of a phase is reported once, though the engine may report it again as it closes
        if (finished ? !printedInPhase || finishedInPhase : now - lastPrinted < intervalNanos) {
            return;
        }
        finishedInPhase = finished;
        lastPrinted = now;
        printedInPhase = true;
        lineEnded = finished;
        double seconds = Math.max(1e-9, (now - phaseStarted) / 1e9);
        double rate = messages / seconds;
        Double eta = totalMessages > 0 && rate > 0 && !finished ? (totalMessages - messages) / rate : null;
        switch (style) {
            case TERMINAL -> err.print("\r" + line(messages, bytes, totalMessages, rate, seconds, eta, true) + "\033[K"
                    + (finished ? "\n" : ""));
            case LINES -> err.println(line(messages, bytes, totalMessages, rate, seconds, eta, false));
            case JSON -> err.println(json(messages, bytes, totalMessages, rate, seconds, eta, finished));
        }
        err.flush();
    }

    private String line(long messages, long bytes, long total, double rate, double seconds, @Nullable Double eta, boolean bar) {
        StringBuilder b = new StringBuilder(phase);
        if (label != null) {
            b.append(' ').append(label);
        }
        b.append(": ");
        if (bar && total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * messages / total);
            b.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", 100 * messages / total));
        }
        b.append(messages);
        if (total >= 0) {
            b.append('/').append(total);
        }
        b.append(" messages, ").append(Output.bytes(bytes))
                .append(String.format(Locale.ROOT, ", %.0f msg/s, %s/s", rate, Output.bytes((long) (bytes / seconds))));
        if (eta != null) {
            b.append(", ETA ").append(Output.clock(Duration.ofSeconds(Math.round(eta))));
        } else {
            b.append(", ").append(Output.clock(Duration.ofSeconds(Math.round(seconds))));
        }
        return b.toString();
    }

    private String json(long messages, long bytes, long total, double rate, double seconds, @Nullable Double eta,
                        boolean finished) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("event", new JsonValue("progress"));
        m.put("phase", new JsonValue(phase));
        if (stream != null) {
            m.put("stream", new JsonValue(stream));
        }
        m.put("messages", new JsonValue(messages));
        m.put("total_messages", total >= 0 ? new JsonValue(total) : JsonValue.NULL);
        m.put("payload_bytes", new JsonValue(bytes));
        m.put("elapsed_seconds", new JsonValue(Math.round(seconds * 1000) / 1000.0));
        m.put("messages_per_second", new JsonValue(Math.round(rate)));
        m.put("eta_seconds", eta == null ? JsonValue.NULL : new JsonValue(Math.round(eta)));
        m.put("done", new JsonValue(finished));
        return Output.json(m);
    }
}
