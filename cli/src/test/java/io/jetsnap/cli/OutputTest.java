package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.core.Counted;
import org.junit.jupiter.api.Test;

class OutputTest {
    @Test
    void aCountTakesTheSingularOnlyForOne() {
        assertEquals("0 durable consumers", Counted.of(0, "durable consumer"));
        assertEquals("1 durable consumer", Counted.of(1, "durable consumer"));
        assertEquals("2 snapshots", Counted.of(2, "snapshot"));
        assertEquals("1 index", Counted.of(1, "index", "indexes"));
        assertEquals("3 indexes", Counted.of(3, "index", "indexes"));
    }

    @Test
    void aRateIsGivenForRunsOfASecondOrMore() {
        assertEquals("digest x", Output.withRate("digest x", 1, 66, java.time.Duration.ofMillis(260)));
        assertEquals("digest x, 20,000 msg/s, 19.5 MiB/s",
                Output.withRate("digest x", 40_000, 40_960_000, java.time.Duration.ofSeconds(2)));
    }

    @Test
    void theFileIsComparedWithItsPayloadOnlyWhereThatMeansSomething() {
        // a few bytes of payload: the file is its header, a ratio of 0.01 would say nothing
        assertEquals("file 1.2 KiB for 30 B of payload", Output.fileBeside(1234, 30));
        assertEquals("file 812 B (no payload)", Output.fileBeside(812, 0));
        assertEquals("file 3.7 MiB for 19.1 MiB of payload (5.2 x smaller)",
                Output.fileBeside(3_844_644, 20_000_000));
        assertEquals("file 28.1 MiB for 19.5 MiB of payload (1.4 x larger)",
                Output.fileBeside(29_477_548, 20_480_000));
        assertEquals("file 100.0 KiB for 100.0 KiB of payload (about its size)", Output.fileBeside(102_400, 102_400));
    }
}
