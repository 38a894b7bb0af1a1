package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.support.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private long now;
    private final StringWriter text = new StringWriter();

    private ProgressPrinter printer(ProgressPrinter.Style style) {
        return new ProgressPrinter(style, new PrintWriter(text), Duration.ofSeconds(1), () -> now);
    }

    /** 1000 messages of 1 KiB a second, of 4000, reported every half second. */
    private void run(ProgressPrinter p) {
        for (int i = 0; i <= 8; i++) {
            now = i * 500_000_000L;
            p.progress("snapshot", i * 500L, i * 500L * 1024, 4000);
        }
    }

    @Test
    void terminalRedrawsOneLineWithBarRateAndEta() {
        run(printer(ProgressPrinter.Style.TERMINAL));
        String out = text.toString();
        assertTrue(out.startsWith("\rsnapshot: [======                  ]  25% 1000/4000 messages, 1000.0 KiB, 1000 msg/s"), out);
        assertTrue(out.contains("ETA 3s"), out);
        assertTrue(out.endsWith("100% 4000/4000 messages, 3.9 MiB, 1000 msg/s, 1000.0 KiB/s, 4s\033[K\n"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "redrawn in place, one newline at the end");
    }

    @Test
    void linesArePlainPeriodicAndCarryTheLabel() {
        ProgressPrinter p = printer(ProgressPrinter.Style.LINES);
        p.label("orders");
        run(p);
        List<String> lines = text.toString().lines().toList();
        assertEquals(4, lines.size(), text::toString); // at 1, 2 and 3 seconds, and when done
        assertTrue(lines.get(0).startsWith("snapshot orders: 1000/4000 messages"), lines.get(0));
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void jsonLinesEachParseAndTheLastSaysDone() {
        run(printer(ProgressPrinter.Style.JSON));
        List<String> lines = text.toString().lines().toList();
        for (String line : lines) {
            assertEquals("progress", JsonParser.parseUnchecked(line).map.get("event").string);
        }
        var last = JsonParser.parseUnchecked(lines.get(lines.size() - 1)).map;
        assertTrue(last.get("done").bool);
        assertEquals(4000L, last.get("messages").number.longValue());
    }

    @Test
    void jsonEventsNameTheStreamOfOneRunWhoseLinesDoNotAndOfEachOfMany() {
        ProgressPrinter one = printer(ProgressPrinter.Style.JSON);
        one.stream("orders");
        run(one);
        List<String> events = text.toString().lines().toList();
        assertFalse(events.isEmpty());
        for (String line : events) {
            assertEquals("orders", JsonParser.parseUnchecked(line).map.get("stream").string, line);
        }
        text.getBuffer().setLength(0);
        ProgressPrinter lines = printer(ProgressPrinter.Style.LINES);
        lines.stream("orders");
        run(lines);
        assertTrue(text.toString().startsWith("snapshot: 1000/4000 messages"), text::toString);

        text.getBuffer().setLength(0);
        ProgressPrinter many = printer(ProgressPrinter.Style.JSON);
        many.label("orders");
        run(many);
        many.label("users");
        run(many);
        List<String> streams = text.toString().lines().map(l -> JsonParser.parseUnchecked(l).map.get("stream").string).distinct().toList();
        assertEquals(List.of("orders", "users"), streams);
    }

    @Test
    void theEndOfAPhaseIsPrintedOnceThoughItIsReportedTwice() {
        for (ProgressPrinter.Style style : ProgressPrinter.Style.values()) {
            text.getBuffer().setLength(0);
            ProgressPrinter p = printer(style);
            run(p);
            now += 1_000_000;
            p.progress("snapshot", 4000, 4000L * 1024, 4000); // the engine reports the end again as it closes
            long ends = text.toString().lines().filter(l -> l.contains("4000/4000") || l.contains("\"done\":true")).count();
            assertEquals(1, ends, style + ": " + text);
        }
    }

    @Test
    void aPhaseThatEndsWithinTheFirstIntervalPrintsNothing() {
        ProgressPrinter p = printer(ProgressPrinter.Style.LINES);
        now = 0;
        p.progress("verify", 0, 0, 10);
        now = 100_000_000L;
        p.progress("verify", 10, 100, 10);
        assertEquals("", text.toString());
    }

    @Test
    void aBarLeftMidLineByAFailureIsEndedOnce() {
        ProgressPrinter p = printer(ProgressPrinter.Style.TERMINAL);
        now = 0;
        p.progress("restore", 0, 0, 10);
        now = 2_000_000_000L;
        p.progress("restore", 5, 50, 10);
        p.endLine();
        p.endLine();
        assertTrue(text.toString().endsWith("\033[K\n"), text::toString);
        assertEquals(1, text.toString().chars().filter(c -> c == '\n').count());
    }
}
