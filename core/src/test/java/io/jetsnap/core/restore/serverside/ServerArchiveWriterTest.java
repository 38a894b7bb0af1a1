package io.jetsnap.core.restore.serverside;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;




/** The byte layout nats-server reads (server/archive/archive.go, Snappy framing_format.txt), worked out by hand. */
class ServerArchiveWriterTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void entriesAreVarintFieldsThenNameHeaderAndPayload() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerArchiveWriter w = new ServerArchiveWriter(out);
        // timestamp 300 as a zig-zag varint is 600 = 0xd8 0x04; sequence 129 = 0x81 0x01
        w.message("a.b", 300, 129, "H".getBytes(StandardCharsets.US_ASCII), "xy".getBytes(StandardCharsets.US_ASCII));
        w.end();
        byte[] expected = hex("4e41545341524331" // NATSARC1
                + "03 d804 8101 01 02" // name length, timestamp, sequence, header size, payload size
                + "612e62 48 7879" // a.b, H, xy
                + "00 00 00 00 00"); // the end entry
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void negativeTimestampsUseZigZag() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ServerArchiveWriter(out).state(new byte[0], -1);
        // -1 zig-zags to 1; the state entry has sequence 0
        assertArrayEquals(hex("4e41545341524331 0a 01 00 00 00" + "73746174652e6a736f6e"), out.toByteArray());
    }

    @Test
    void framesAreUncompressedSnappyChunksWithMaskedCrc32c() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFrameOutputStream framed = new SnappyFrameOutputStream(out)) {
            framed.write("123456789".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = out.toByteArray();
        assertArrayEquals(hex("ff060000 734e61507059"), java.util.Arrays.copyOf(bytes, 10));
        assertEquals(0x01, bytes[10]);
        assertEquals(9 + 4, bytes[11] & 0xff);
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue(), "the CRC-32C check value");
        int masked = SnappyFrameOutputStream.masked(0xE3069283);
        assertEquals((((0xE3069283 >>> 15) | (0xE3069283 << 17)) + 0xa282ead8), masked);
        int stored = (bytes[14] & 0xff) | (bytes[15] & 0xff) << 8 | (bytes[16] & 0xff) << 16 | (bytes[17] & 0xff) << 24;
        assertEquals(masked, stored);
        assertEquals(10 + 8 + 9, bytes.length);
    }

    @Test
    void largeWritesAreSplitInto64KiBChunks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFrameOutputStream framed = new SnappyFrameOutputStream(out)) {
            framed.write(new byte[SnappyFrameOutputStream.MAX_CHUNK_DATA + 1]);
        }
        byte[] bytes = out.toByteArray();
        assertEquals(10 + 8 + SnappyFrameOutputStream.MAX_CHUNK_DATA + 8 + 1, bytes.length);
        int firstLength = (bytes[11] & 0xff) | (bytes[12] & 0xff) << 8 | (bytes[13] & 0xff) << 16;
        assertEquals(SnappyFrameOutputStream.MAX_CHUNK_DATA + 4, firstLength);
    }
}
