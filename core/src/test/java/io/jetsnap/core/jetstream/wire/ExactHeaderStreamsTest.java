package io.jetsnap.core.jetstream.wire;

import static io.jetsnap.core.jetstream.wire.Frames.ascii;
import static io.jetsnap.core.jetstream.wire.Frames.delivered;
import static io.jetsnap.core.jetstream.wire.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Options;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;




class ExactHeaderStreamsTest {
    private static final byte[] INFO = ascii("INFO {\"server_id\":\"x\",\"headers\":true}\r\n");
    private static final byte[] BLOCK = utf8("NATS/1.0\r\nX-Name: Zo\u00eb\r\n\r\n");

    /** A socket that returns these reads, one each time. */
    private static final class Reads implements ExactHeaderStreams.SocketRead {
        private final Deque<byte[]> reads = new ArrayDeque<>();

        Reads(byte[]... reads) {
            this.reads.addAll(Arrays.asList(reads));
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            byte[] next = reads.poll();
            if (next == null) {
                return -1;
            }
            if (next.length > len) {
                reads.push(Arrays.copyOfRange(next, len, next.length));
                next = Arrays.copyOf(next, len);
            }
            System.arraycopy(next, 0, dst, off, next.length);
            return next.length;
        }
    }

    @Test
    void theFirstReadEndsWhereTheServersInfoEnds() throws Exception {
        ExactHeaderStreams streams = new ExactHeaderStreams(new Options.Builder().build());
        byte[] message = new Frames().hmsg("a", "1", null, BLOCK, ascii("x")).bytes();
        Reads socket = new Reads(INFO, message);
        byte[] buffer = new byte[64 << 10];
        int n = streams.read(buffer, 0, buffer.length, socket);
        assertArrayEquals(INFO, Arrays.copyOf(buffer, n));
        n = streams.read(buffer, 0, buffer.length, socket);
        assertArrayEquals(new Frames().hmsg("a", "1", null, delivered(BLOCK), ascii("x")).bytes(), Arrays.copyOf(buffer, n));
        assertEquals(-1, streams.read(buffer, 0, buffer.length, socket));
    }

    @Test
    void whatARewriteMakesLargerIsHandedOverInTheSizesAsked() throws Exception {
        ExactHeaderStreams streams = new ExactHeaderStreams(new Options.Builder().build());
        byte[] message = new Frames().hmsg("a", "1", null, BLOCK, ascii("x")).hmsg("a", "1", null, BLOCK, new byte[0]).bytes();
        byte[] expected = new Frames().hmsg("a", "1", null, delivered(BLOCK), ascii("x"))
                .hmsg("a", "1", null, delivered(BLOCK), new byte[0]).bytes();
        Reads socket = new Reads(Arrays.copyOf(message, 7), Arrays.copyOfRange(message, 7, message.length));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[5];
        int n;
        while ((n = streams.read(buffer, 1, 3, socket)) > 0) {
            got.write(buffer, 1, n);
        }
        assertArrayEquals(expected, got.toByteArray());
    }

    @Test
    void writesReachTheSocketRewrittenAndAFrameSplitAcrossWritesIsHeldUntilWhole() throws Exception {
        ExactHeaderStreams streams = new ExactHeaderStreams(new Options.Builder().build());
        byte[] fromJnats = new Frames().line("PING").hpub("a", "r", Frames.published(BLOCK), ascii("x")).bytes();
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        int[] writes = {0};
        ExactHeaderStreams.SocketWrite write = (src, length) -> {
            writes[0]++;
            socket.write(src, 0, length);
        };
        streams.write(Arrays.copyOf(fromJnats, 20), 20, write);
        assertArrayEquals(ascii("PING\r\n"), socket.toByteArray());
        byte[] rest = Arrays.copyOfRange(fromJnats, 20, fromJnats.length);
        streams.write(rest, rest.length, write);
        assertArrayEquals(new Frames().line("PING").hpub("a", "r", BLOCK, ascii("x")).bytes(), socket.toByteArray());
        assertEquals(2, writes[0]);
    }

    @Test
    void aReaderWaitingOnTheSocketIsNotAwayAndOneThatNeverCameBackIs() throws Exception {
        Options options = new Options.Builder().build();
        ExactHeaderStreams streams = new ExactHeaderStreams(options);
        java.util.concurrent.CountDownLatch inRead = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                streams.read(new byte[1024], 0, 1024, (dst, off, len) -> {
                    inRead.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return -1;
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        inRead.await();
        Thread.sleep(50);
        assertEquals(0, streams.nanosAwayFromSocket(), "waiting for the server is not being away");
        assertEquals(0, ReaderWatch.find(options).nanosAway(), "the watch sees the same reader");
        release.countDown();
        reader.join();
        Thread.sleep(50);
        long away = streams.nanosAwayFromSocket();
        org.junit.jupiter.api.Assertions.assertTrue(away >= 40_000_000L, () -> "away since it returned: " + away);
        org.junit.jupiter.api.Assertions.assertTrue(ReaderWatch.find(options).nanosAway() >= away);
    }

    @Test
    void aFrameTooLargeForTheHeapIsRefusedAndTheRefusalKeptForTheConnection() throws Exception {
        Options options = new Options.Builder().build();
        ExactHeaderStreams streams = new ExactHeaderStreams(options);
        Reads socket = new Reads(INFO, ascii("MSG a 1 " + Runtime.getRuntime().maxMemory() + "\r\n"));
        byte[] buffer = new byte[1024];
        assertEquals(INFO.length, streams.read(buffer, 0, buffer.length, socket));
        org.junit.jupiter.api.Assertions.assertNull(ReaderWatch.find(options).refusal());
        io.jetsnap.core.SnapshotException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.jetsnap.core.SnapshotException.class, () -> streams.read(buffer, 0, buffer.length, socket));
        org.junit.jupiter.api.Assertions.assertSame(e, ReaderWatch.find(options).refusal());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("needs about"), e.getMessage());
    }
}
