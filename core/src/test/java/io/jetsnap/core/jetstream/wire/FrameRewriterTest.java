package io.jetsnap.core.jetstream.wire;

import static io.jetsnap.core.jetstream.wire.Frames.ascii;
import static io.jetsnap.core.jetstream.wire.Frames.delivered;
import static io.jetsnap.core.jetstream.wire.Frames.published;
import static io.jetsnap.core.jetstream.wire.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.impl.Headers;
import io.nats.client.support.IncomingHeadersProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;




class FrameRewriterTest {
    private static final byte[] UTF8_VALUE = utf8("NATS/1.0\r\nX-Name: Zo\u00eb\r\n\r\n");
    private static final byte[] SPACING = ascii("NATS/1.0\r\nName: value  \r\nTab:\tx\r\nName: again\r\n\r\n");
    private static final byte[] EMPTY_BLOCK = ascii("NATS/1.0\r\n\r\n");
    private static final byte[] ODD_BYTES = Frames.concat(ascii("NATS/1.0\r\nBin: "), new byte[] {(byte) 0xff, 0, (byte) 0x80,
            0x7f, (byte) 0xc3}, ascii("\r\n\r\n"));
    private static final byte[] STATUS_404 = ascii("NATS/1.0 404 No Messages\r\n\r\n");
    private static final byte[] STATUS_408 = ascii("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n"
            + "Nats-Pending-Bytes: 0\r\n\r\n");
    private static final byte[] HEARTBEAT = ascii("NATS/1.0 100 Idle Heartbeat\r\n\r\n");
    /** A payload that looks like protocol: it must be skipped by its size, never parsed. */
    private static final byte[] TRICKY = ascii("HMSG a 1 5 9\r\nNATS/\r\n\r\nPING\r\n");

    /** What a server sends: every operation, statuses, frames with and without headers and replies. */
    private static final byte[] FROM_SERVER = new Frames()
            .line("INFO {\"server_id\":\"x\",\"headers\":true,\"max_payload\":1048576}")
            .line("+OK")
            .line("PING")
            .msg("plain", "1", null, TRICKY)
            .hmsg("orders.caf\u00e9", "2", "$JS.ACK.s.c.1.1.1.1.0", UTF8_VALUE, utf8("caf\u00e9"))
            .hmsg("a", "3", null, SPACING, new byte[0])
            .hmsg("a", "3", "_INBOX.x.1", EMPTY_BLOCK, TRICKY)
            .hmsg("a", "3", "_INBOX.x.2", ODD_BYTES, new byte[] {0, 1, 2})
            .hmsg("_INBOX.y.1", "4", null, STATUS_404, new byte[0])
            .hmsg("_INBOX.y.1", "4", null, STATUS_408, new byte[0])
            .hmsg("hb", "5", null, HEARTBEAT, new byte[0])
            .line("PONG")
            .line("-ERR 'Permissions Violation for Subscription to \"x\"'")
            .msg("_INBOX.y.2", "4", null, ascii("{\"stream\":\"s\",\"seq\":1}"))
            .bytes();

    /** The same traffic as jnats must see it. */
    private static final byte[] TO_JNATS = new Frames()
            .line("INFO {\"server_id\":\"x\",\"headers\":true,\"max_payload\":1048576}")
            .line("+OK")
            .line("PING")
            .msg("plain", "1", null, TRICKY)
            .hmsg("orders.caf\u00e9", "2", "$JS.ACK.s.c.1.1.1.1.0", delivered(UTF8_VALUE), utf8("caf\u00e9"))
            .hmsg("a", "3", null, delivered(SPACING), new byte[0])
            .hmsg("a", "3", "_INBOX.x.1", delivered(EMPTY_BLOCK), TRICKY)
            .hmsg("a", "3", "_INBOX.x.2", delivered(ODD_BYTES), new byte[] {0, 1, 2})
            .hmsg("_INBOX.y.1", "4", null, STATUS_404, new byte[0])
            .hmsg("_INBOX.y.1", "4", null, STATUS_408, new byte[0])
            .hmsg("hb", "5", null, HEARTBEAT, new byte[0])
            .line("PONG")
            .line("-ERR 'Permissions Violation for Subscription to \"x\"'")
            .msg("_INBOX.y.2", "4", null, ascii("{\"stream\":\"s\",\"seq\":1}"))
            .bytes();

    /** What jnats writes, with carriers. */
    private static final byte[] FROM_JNATS = new Frames()
            .line("CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}")
            .line("PING")
            .line("SUB _INBOX.abc.* 1")
            .pub("$JS.API.STREAM.INFO.s", "_INBOX.abc.1", ascii("{}"))
            .hpub("orders.caf\u00e9", "_INBOX.abc.2", published(UTF8_VALUE), utf8("caf\u00e9"))
            .hpub("a", null, published(SPACING), TRICKY)
            .hpub("a", "_INBOX.abc.3", published(EMPTY_BLOCK), new byte[0])
            .hpub("a", "_INBOX.abc.4", published(ODD_BYTES), new byte[] {9})
            .hpub("a", null, ascii("NATS/1.0\r\nOther:1\r\n\r\n"), ascii("x"))
            .hpub("a", null, ascii("NATS/1.0\r\nJetsnap-Raw:not base64!\r\n\r\n"), ascii("x"))
            .line("UNSUB 1 5")
            .line("PONG")
            .bytes();

    /** The same traffic as the server must get it. */
    private static final byte[] TO_SERVER = new Frames()
            .line("CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}")
            .line("PING")
            .line("SUB _INBOX.abc.* 1")
            .pub("$JS.API.STREAM.INFO.s", "_INBOX.abc.1", ascii("{}"))
            .hpub("orders.caf\u00e9", "_INBOX.abc.2", UTF8_VALUE, utf8("caf\u00e9"))
            .hpub("a", null, SPACING, TRICKY)
            .hpub("a", "_INBOX.abc.3", EMPTY_BLOCK, new byte[0])
            .hpub("a", "_INBOX.abc.4", ODD_BYTES, new byte[] {9})
            .hpub("a", null, ascii("NATS/1.0\r\nOther:1\r\n\r\n"), ascii("x"))
            .hpub("a", null, ascii("NATS/1.0\r\nJetsnap-Raw:not base64!\r\n\r\n"), ascii("x"))
            .line("UNSUB 1 5")
            .line("PONG")
            .bytes();

    @Test
    void everyHeaderBlockFromTheServerReachesJnatsAsItsExactBytesWhereverTheReadsSplit() {
        assertRewrittenAtEverySplit(FROM_SERVER, TO_JNATS, FrameRewriterTest::inbound);
    }

    @Test
    void everyCarrierFromJnatsReachesTheServerAsTheExactBlockWhereverTheWritesSplit() {
        assertRewrittenAtEverySplit(FROM_JNATS, TO_SERVER, FrameRewriterTest::outbound);
    }

    @Test
    void trafficWithoutHeaderBlocksPassesByteForByte() {
        byte[] traffic = new Frames().line("INFO {}").line("PING").msg("a", "1", null, TRICKY).msg("b", "2", "r", new byte[0])
                .line("PONG").bytes();
        assertRewrittenAtEverySplit(traffic, traffic, FrameRewriterTest::inbound);
        byte[] out = new Frames().line("CONNECT {}").pub("a", "r", TRICKY).line("SUB a 1").bytes();
        assertRewrittenAtEverySplit(out, out, FrameRewriterTest::outbound);
    }

    @Test
    void statusMessagesAreLeftToJnats() {
        byte[] statuses = new Frames().hmsg("i", "1", null, STATUS_404, new byte[0]).hmsg("i", "1", null, STATUS_408, new byte[0])
                .hmsg("i", "1", null, HEARTBEAT, new byte[0])
                .hmsg("i", "1", null, ascii("NATS/1.0 503\r\n\r\n"), new byte[0]).bytes();
        assertRewrittenAtEverySplit(statuses, statuses, FrameRewriterTest::inbound);
    }

    @Test
    void aStoredBlockThatLooksLikeAStatusIsCarriedLikeAnyOtherWhenItIsADelivery() {
        // a client may publish "NATS/1.0 404 ..." as its headers; JetStream delivers it with an ack subject
        byte[] delivery = new Frames().hmsg("a", "1", "$JS.ACK.s.c.1.7.7.1764662400000000000.0", STATUS_404, ascii("x"))
                .bytes();
        byte[] expected = new Frames().hmsg("a", "1", "$JS.ACK.s.c.1.7.7.1764662400000000000.0", delivered(STATUS_404),
                ascii("x")).bytes();
        assertRewrittenAtEverySplit(delivery, expected, FrameRewriterTest::inbound);
    }

    @Test
    void jnatsAcceptsWhatItIsHandedAndTheCarrierHoldsTheStoredBytes() {
        for (byte[] block : new byte[][] {UTF8_VALUE, SPACING, EMPTY_BLOCK, ODD_BYTES, ascii("NATS/1.0\r\nA:b"), new byte[0]}) {
            Headers headers = new IncomingHeadersProcessor(HeaderCarrier.wrap(block, block.length, true)).getHeaders();
            assertEquals(1, headers.size());
            assertArrayEquals(block, Base64.getDecoder().decode(headers.getFirst(HeaderCarrier.NAME)));
        }
    }

    @Test
    void theCarrierJnatsSerialisesIsWhatThePortTurnsBackIntoTheBlock() {
        Headers carrier = HeaderCarrier.carrying(UTF8_VALUE);
        byte[] serialised = carrier.getSerialized();
        assertArrayEquals(published(UTF8_VALUE), serialised);
        assertArrayEquals(UTF8_VALUE, HeaderCarrier.unwrap(serialised, serialised.length, true));
    }

    @Test
    void framesOfOtherOperationsAreNotMistakenForMessages() {
        // HPUB from a server, HMSG from a client: not theirs to send, passed as they are
        byte[] odd = new Frames().hpub("a", null, UTF8_VALUE, new byte[0]).bytes();
        assertRewrittenAtEverySplit(odd, odd, FrameRewriterTest::inbound);
        byte[] other = new Frames().hmsg("a", "1", null, published(UTF8_VALUE), new byte[0]).bytes();
        assertRewrittenAtEverySplit(other, other, FrameRewriterTest::outbound);
    }

    @Test
    void lowerCaseOperationsAndTabsAreReadAsJnatsReadsThem() {
        byte[] in = Frames.concat(ascii("hmsg\ta\t1\t" + UTF8_VALUE.length + "\t" + (UTF8_VALUE.length + 1) + "\r\n"), UTF8_VALUE,
                ascii("x\r\n"));
        byte[] wrapped = delivered(UTF8_VALUE);
        byte[] expected = Frames.concat(ascii("hmsg\ta\t1\t" + wrapped.length + " " + (wrapped.length + 1) + "\r\n"), wrapped,
                ascii("x\r\n"));
        assertRewrittenAtEverySplit(in, expected, FrameRewriterTest::inbound);
    }

    @Test
    void inputThatIsNotTheProtocolPassesUnchangedFromThereOn() {
        byte[][] broken = {
            // sizes that are no numbers, a header larger than the whole, too few tokens
            new Frames().line("HMSG a 1 x 12").raw(UTF8_VALUE).line("PING").bytes(),
            new Frames().line("HMSG a 1 99 12").raw(UTF8_VALUE).line("PING").bytes(),
            new Frames().line("HMSG 12").raw(UTF8_VALUE).bytes(),
            new Frames().line("HMSG a 1 2 3 4 5 6 7").raw(UTF8_VALUE).bytes(),
            new Frames().line("MSG a 1 -5").raw(UTF8_VALUE).bytes(),
            new Frames().line("HMSG a 1 12345678901234567890 12345678901234567890").raw(UTF8_VALUE).bytes(),
        };
        for (byte[] b : broken) {
            byte[] traffic = Frames.concat(b, new Frames().hmsg("a", "1", null, UTF8_VALUE, new byte[0]).bytes());
            assertRewrittenAtEverySplit(traffic, traffic, FrameRewriterTest::inbound);
        }
        byte[] longLine = Frames.concat(ascii("HMSG "), new byte[200], ascii(" 1 12 12\r\n"), UTF8_VALUE, ascii("\r\n"));
        assertRewrittenAtEverySplit(longLine, longLine, () -> new FrameRewriter("MSG", "HMSG", 4, 100, 1000, HeaderCarrier::wrap));
    }

    @Test
    void aHeaderBlockBeyondTheLimitPassesUnchanged() {
        byte[] traffic = new Frames().hmsg("a", "1", null, UTF8_VALUE, new byte[0]).hmsg("a", "1", null, EMPTY_BLOCK, new byte[0])
                .bytes();
        byte[] expected = new Frames().hmsg("a", "1", null, UTF8_VALUE, new byte[0])
                .hmsg("a", "1", null, delivered(EMPTY_BLOCK), new byte[0]).bytes();
        assertRewrittenAtEverySplit(traffic, expected, () -> new FrameRewriter("MSG", "HMSG", 4, 1000, 20, HeaderCarrier::wrap));
    }

    @Test
    void randomTrafficSurvivesRandomSplitsBothWays() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Frames fromServer = new Frames();
            Frames toJnats = new Frames();
            Frames fromJnats = new Frames();
            Frames toServer = new Frames();
            for (int i = 0; i < 20; i++) {
                byte[] payload = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(300)];
                random.nextBytes(payload);
                byte[] block = randomBlock(random);
                String subject = "s." + i;
                String reply = random.nextBoolean() ? null : "$JS.ACK.s.c.1." + i;
                if (random.nextInt(4) == 0) {
                    fromServer.msg(subject, "1", reply, payload);
                    toJnats.msg(subject, "1", reply, payload);
                    fromJnats.pub(subject, reply, payload);
                    toServer.pub(subject, reply, payload);
                } else {
                    fromServer.hmsg(subject, "1", reply, block, payload);
                    toJnats.hmsg(subject, "1", reply, delivered(block), payload);
                    fromJnats.hpub(subject, reply, published(block), payload);
                    toServer.hpub(subject, reply, block, payload);
                }
                if (random.nextInt(5) == 0) {
                    fromServer.line("PING");
                    toJnats.line("PING");
                    fromJnats.line("PONG");
                    toServer.line("PONG");
                }
            }
            String where = "seed " + seed + ", round " + round;
            assertArrayEquals(toJnats.bytes(), feedInRandomPieces(fromServer.bytes(), inbound(), random), where);
            assertArrayEquals(toServer.bytes(), feedInRandomPieces(fromJnats.bytes(), outbound(), random), where);
        }
    }

    private static byte[] randomBlock(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return EMPTY_BLOCK.clone();
            case 1:
                byte[] any = new byte[1 + random.nextInt(200)];
                random.nextBytes(any);
                return any;
            default:
                StringBuilder b = new StringBuilder("NATS/1.0\r\n");
                for (int i = random.nextInt(4); i >= 0; i--) {
                    b.append("H").append(i).append(random.nextBoolean() ? ": " : ":").append("v\u00e9 ").append(i).append("\r\n");
                }
                return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static FrameRewriter inbound() {
        return new FrameRewriter("MSG", "HMSG", 4, 4096, 1 << 20, HeaderCarrier::wrap);
    }

    private static FrameRewriter outbound() {
        return new FrameRewriter("PUB", "HPUB", 3, 4096, 1 << 20, HeaderCarrier::unwrap);
    }

    private static void assertRewrittenAtEverySplit(byte[] in, byte[] expected, java.util.function.Supplier<FrameRewriter> r) {
        assertArrayEquals(expected, rewriteWhole(in, r.get()), () -> "in one piece: " + show(rewriteWhole(in, r.get())));
        for (int split = 0; split <= in.length; split++) {
            ByteSink out = new ByteSink();
            FrameRewriter rewriter = r.get();
            rewriter.feed(in, 0, split, out);
            rewriter.feed(in, split, in.length - split, out);
            int at = split;
            assertArrayEquals(expected, out.toByteArray(), () -> "split at " + at);
        }
        ByteSink out = new ByteSink();
        FrameRewriter rewriter = r.get();
        for (int i = 0; i < in.length; i++) {
            rewriter.feed(in, i, 1, out);
        }
        assertArrayEquals(expected, out.toByteArray(), "a byte at a time");
    }

    private static byte[] rewriteWhole(byte[] in, FrameRewriter rewriter) {
        ByteSink out = new ByteSink();
        rewriter.feed(in, 0, in.length, out);
        return out.toByteArray();
    }

    private static byte[] feedInRandomPieces(byte[] in, FrameRewriter rewriter, Random random) {
        ByteSink out = new ByteSink();
        int i = 0;
        while (i < in.length) {
            int n = Math.min(in.length - i, 1 + random.nextInt(random.nextBoolean() ? 8 : 2000));
            rewriter.feed(in, i, n, out);
            i += n;
        }
        return out.toByteArray();
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n");
    }

    @Test
    void aCarrierOfNoBytesIsOnlyACarrier() {
        assertNull(HeaderCarrier.unwrap(ascii("NATS/1.0\r\nJetsnap-Raw:A\r\n\r\n"), 26, false));
        assertArrayEquals(new byte[0], HeaderCarrier.unwrap(published(new byte[0]), published(new byte[0]).length, false));
        assertNull(HeaderCarrier.wrap(STATUS_404, STATUS_404.length, false));
        assertArrayEquals(Arrays.copyOf(delivered(EMPTY_BLOCK), delivered(EMPTY_BLOCK).length),
                HeaderCarrier.wrap(EMPTY_BLOCK, EMPTY_BLOCK.length, false));
    }
}
