package io.jetsnap.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PrefetchingReaderTest {
    private static final SnapshotTrailer TRAILER = new SnapshotTrailer(3, 3, "sha256:00");

    @Test
    void givesTheCodecsMessagesInOrderThenItsTrailer() throws IOException {
        try (PrefetchingReader reader = new PrefetchingReader(new CountingReader(2_000, -1, null))) {
            assertEquals(SampleSnapshots.header(), reader.readHeader());
            for (long i = 1; i <= 2_000; i++) {
                assertEquals(i, reader.nextMessage().sequence());
            }
            assertNull(reader.nextMessage());
            assertNull(reader.nextMessage());
            assertSame(TRAILER, reader.readTrailer());
        }
    }

    @Test
    void aDecodingFailureArrivesAfterTheMessagesBeforeIt() throws IOException {
        IOException broken = new IOException("bad byte at 1234");
        try (PrefetchingReader reader = new PrefetchingReader(new CountingReader(2_000, 700, broken))) {
            reader.readHeader();
            for (long i = 1; i < 700; i++) {
                assertEquals(i, reader.nextMessage().sequence());
            }
            assertSame(broken, assertThrows(IOException.class, reader::nextMessage));
        }
    }

    @Test
    void aTrailerFailureArrivesAtReadTrailer() throws IOException {
        try (PrefetchingReader reader = new PrefetchingReader(new CountingReader(5, -1, null) {
            @Override
            public SnapshotTrailer readTrailer() {
                throw new IllegalStateException("content after the trailer");
            }
        })) {
            reader.readHeader();
            assertEquals("content after the trailer", assertThrows(IllegalStateException.class, reader::readTrailer).getMessage());
        }
    }

    @Test
    void aCheckedReaderAheadChecksTheTrailerOnTheDecodingThreadAndFailsAtReadTrailer() throws IOException {
        CountingReader codec = new CountingReader(3, -1, null);
        try (ManifestReader reader = new PrefetchingReader(new CheckedReader(codec).asReader())) {
            assertEquals(SampleSnapshots.header(), reader.readHeader());
            for (long i = 1; i <= 3; i++) {
                assertEquals(i, reader.nextMessage().sequence());
            }
            assertNull(reader.nextMessage());
            SnapshotException e = assertThrows(SnapshotException.class, reader::readTrailer);
            assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
            assertTrue(e.getMessage().startsWith("snapshot is corrupt: its content digest is sha256:")
                    && e.getMessage().endsWith("but its trailer says sha256:00"), e.getMessage());
        }
        assertTrue(codec.closed.get(), "closing the reader ahead closes the codec's");
    }

    @Test
    void closingEarlyStopsTheDecodingThreadAndClosesTheCodec() throws IOException {
        CountingReader codec = new CountingReader(Long.MAX_VALUE, -1, null);
        PrefetchingReader reader = new PrefetchingReader(codec);
        reader.readHeader();
        assertEquals(1, reader.nextMessage().sequence());
        reader.close();
        assertTrue(codec.closed.get());
        long decoded = codec.next;
        assertEquals(decoded, codec.next, "nothing decodes after close");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("jetsnap-decoder")
                && t.isAlive()));
    }

    /** Messages 1..count, failing with {@code failure} at message {@code failAt}. */
    private static class CountingReader implements ManifestReader {
        final AtomicBoolean closed = new AtomicBoolean();
        private final long count;
        private final long failAt;
        private final @Nullable IOException failure;
        volatile long next = 1;

        CountingReader(long count, long failAt, @Nullable IOException failure) {
            this.count = count;
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public SnapshotHeader readHeader() {
            return SampleSnapshots.header();
        }

        @Override
        public @Nullable SnapshotMessage nextMessage() throws IOException {
            if (next == failAt) {
                throw failure;
            }
            if (next > count) {
                return null;
            }
            return new SnapshotMessage(next++, "orders.x", HeaderBlock.NONE, new byte[] {1}, Instant.EPOCH);
        }

        @Override
        public SnapshotTrailer readTrailer() {
            return TRAILER;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
