package io.jetsnap.core.digest;

import io.jetsnap.core.model.HeaderBlock;

/**
 * The headers of a format 1 digest record: {@code u32} line count, then each name and value as
 * {@code u32} length + UTF-8. Format 1 kept header lines, not bytes; its readers turn the lines
 * into a block with {@link HeaderBlock#ofLines} ({@link HeaderBlock#NONE} when there were none),
 * and this reads them back from that block exactly, straight from its bytes: after the status
 * line, each line up to its CRLF until the empty line; the name runs to the first colon, the
 * value starts after the colon and the one space {@code ofLines} put there.
 */
final class Format1Lines {
    private Format1Lines() {
    }

    static void encode(HeaderBlock block, MessageRecord.Sink sink, byte[] scratch) {
        byte[] b = block.bytes();
        int first = lineEnd(b, 0);
        int count = 0;
        for (int at = first; at >= 0; count++) {
            int end = lineEnd(b, at + 2);
            if (end <= at + 2) {
                break; // the empty line, or no CRLF
            }
            at = end;
        }
        MessageRecord.u32(sink, scratch, count);
        for (int at = first; count-- > 0; ) {
            int start = at + 2;
            int end = lineEnd(b, start);
            int colon = start;
            while (colon < end && b[colon] != ':') {
                colon++;
            }
            int value = Math.min(end, colon + 1);
            if (value < end && b[value] == ' ') {
                value++;
            }
            bytes(sink, scratch, b, start, colon);
            bytes(sink, scratch, b, value, end);
            at = end;
        }
    }

    private static void bytes(MessageRecord.Sink sink, byte[] scratch, byte[] b, int from, int to) {
        MessageRecord.u32(sink, scratch, to - from);
        sink.put(b, from, to - from);
    }

    /** Where the CRLF at or after {@code from} starts, or -1. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = Math.max(from, 0); i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
