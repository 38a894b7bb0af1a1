package io.jetsnap.core.jetstream.wire;

import org.jspecify.annotations.Nullable;

/**
 * One direction of the NATS client protocol, rewritten as it streams past, in whatever pieces it
 * arrives. Each message frame whose operation carries a header block ({@code HMSG} from the server,
 * {@code HPUB} from the client) has that block handed to a {@link HeaderTransform}; where the
 * transform returns other bytes, they take the block's place and the frame's two sizes are set to
 * match. Everything else passes unchanged and is not looked into: other operations ({@code INFO},
 * {@code CONNECT}, {@code PING}, {@code +OK}, {@code -ERR}, {@code SUB} ...), frames without headers
 * ({@code MSG}, {@code PUB}) and every payload, which is skipped by its size.
 *
 * <p>Memory is bounded: a protocol line is held until its end (at most {@code maxLine} bytes), a
 * header block until its end (at most {@code maxHeader}; a larger one passes unchanged). Anything
 * that is not the protocol (a line too long, sizes that are no sizes) ends the rewriting: from there
 * on every byte passes unchanged, and the client or the server, which check the protocol
 * themselves, refuse it as they would have without this. Not thread-safe: one per direction.
 */
final class FrameRewriter {
    /** What a header block becomes. */
    interface HeaderTransform {
        /**
         * The bytes to send instead of {@code block[0..length)}, or null to leave it as it is;
         * {@code replyTo} says whether the frame has a reply subject.
         */
        byte @Nullable [] apply(byte[] block, int length, boolean replyTo);
    }

    private enum State {
        /** Reading an operation's name. */
        OP,
        /** Passing the rest of a line that is not a message frame's. */
        LINE,
        /** Holding a message frame's line until its end. */
        ARGS,
        /** Holding a header block until its end. */
        HEADER,
        /** Passing a payload and the CRLF after it. */
        SKIP,
        /** Passing everything, after input that is not the protocol. */
        VERBATIM
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte TAB = '\t';
    private static final int MAX_OP = 8;
    /** Tokens of a message frame's line after its operation: HMSG has at most five. */
    private static final int MAX_TOKENS = 6;
    private static final int MAX_DIGITS = 18;

    private final byte[] plainOp;
    private final byte[] headerOp;
    private final int maxLine;
    private final int maxHeader;
    private final int tokensWithoutReply;
    private final HeaderTransform transform;
    private final ByteSink line = new ByteSink();
    private final ByteSink header = new ByteSink();
    private final int[] tokenStart = new int[MAX_TOKENS];
    private final int[] tokenEnd = new int[MAX_TOKENS];
    private State state = State.OP;
    private boolean headerFrame;
    private java.util.function.LongConsumer frameCheck = size -> { };
    /** Where the header size starts in {@link #line}. */
    private int sizesAt;
    private long headerLength;
    private long totalLength;
    private boolean replyTo;
    private long skip;

    /**
     * @param plainOp the frame operation without headers ({@code MSG}, {@code PUB})
     * @param headerOp the one with headers ({@code HMSG}, {@code HPUB})
     * @param tokensWithoutReply how many tokens follow {@code headerOp} in a frame without a reply
     *     subject ({@code HMSG subject sid hdr total}: 4; {@code HPUB subject hdr total}: 3)
     */
    FrameRewriter(String plainOp, String headerOp, int tokensWithoutReply, int maxLine, int maxHeader,
                  HeaderTransform transform) {
        this.plainOp = ascii(plainOp);
        this.headerOp = ascii(headerOp);
        this.tokensWithoutReply = tokensWithoutReply;
        this.maxLine = maxLine;
        this.maxHeader = maxHeader;
        this.transform = transform;
    }

    /** Has every message frame's size (before its bytes are passed on) checked by {@code check}, which may throw. */
    void checkEachFrame(java.util.function.LongConsumer check) {
        this.frameCheck = check;
    }

    /** Rewrites {@code in[offset..offset+length)} into {@code out}; what belongs to a frame not yet complete is held back. */
    void feed(byte[] in, int offset, int length, ByteSink out) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            switch (state) {
                case VERBATIM -> {
                    out.write(in, i, end - i);
                    i = end;
                }
                case SKIP -> {
                    int n = (int) Math.min(skip, end - i);
                    out.write(in, i, n);
                    i += n;
                    skip -= n;
                    if (skip == 0) {
                        state = State.OP;
                    }
                }
                case LINE -> {
                    int lf = indexOf(in, LF, i, end);
                    int stop = lf < 0 ? end : lf + 1;
                    out.write(in, i, stop - i);
                    i = stop;
                    if (lf >= 0) {
                        state = State.OP;
                    }
                }
                case OP -> op(in[i++], out);
                case ARGS -> {
                    int lf = indexOf(in, LF, i, end);
                    int stop = lf < 0 ? end : lf + 1;
                    if (line.size() + (stop - i) > maxLine) {
                        giveUp(out);
                        break;
                    }
                    line.write(in, i, stop - i);
                    i = stop;
                    if (lf >= 0) {
                        endOfLine(out);
                    }
                }
                case HEADER -> {
                    int n = (int) Math.min(headerLength - header.size(), end - i);
                    header.write(in, i, n);
                    i += n;
                    if (header.size() == headerLength) {
                        endOfHeader(out);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void op(byte b, ByteSink out) {
        line.write(b);
        if (b == SP || b == TAB) {
            int length = line.size() - 1;
            if (sameOp(plainOp, length) || sameOp(headerOp, length)) {
                headerFrame = sameOp(headerOp, length);
                state = State.ARGS;
            } else {
                flushLine(out);
                state = State.LINE;
            }
        } else if (b == LF) {
            flushLine(out);
        } else if (line.size() > MAX_OP) {
            flushLine(out);
            state = State.LINE;
        }
    }

    /** A message frame's whole line is held: find its sizes. */
    private void endOfLine(ByteSink out) {
        byte[] l = line.array();
        int contentEnd = line.size() - 1;
        if (contentEnd > 0 && l[contentEnd - 1] == CR) {
            contentEnd--;
        }
        int tokens = 0;
        int i = (headerFrame ? headerOp : plainOp).length;
        while (i < contentEnd) {
            while (i < contentEnd && (l[i] == SP || l[i] == TAB)) {
                i++;
            }
            if (i == contentEnd) {
                break;
            }
            if (tokens == MAX_TOKENS) {
                giveUp(out);
                return;
            }
            tokenStart[tokens] = i;
            while (i < contentEnd && l[i] != SP && l[i] != TAB) {
                i++;
            }
            tokenEnd[tokens++] = i;
        }
        int sizes = headerFrame ? 2 : 1;
        if (tokens < sizes + 1) {
            giveUp(out);
            return;
        }
        long total = number(l, tokenStart[tokens - 1], tokenEnd[tokens - 1]);
        long head = headerFrame ? number(l, tokenStart[tokens - 2], tokenEnd[tokens - 2]) : 0;
        if (total < 0 || head < 0 || head > total) {
            giveUp(out);
            return;
        }
        frameCheck.accept(total);
        if (!headerFrame || head > maxHeader) {
            flushLine(out);
            skip = total + 2;
            state = State.SKIP;
            return;
        }
        sizesAt = tokenStart[tokens - 2];
        replyTo = tokens > tokensWithoutReply;
        headerLength = head;
        totalLength = total;
        header.clear();
        state = State.HEADER;
        if (head == 0) {
            endOfHeader(out);
        }
    }

    private void endOfHeader(ByteSink out) {
        byte[] replacement = transform.apply(header.array(), (int) headerLength, replyTo);
        if (replacement == null) {
            out.write(line.array(), 0, line.size());
            out.write(header.array(), 0, header.size());
        } else {
            out.write(line.array(), 0, sizesAt);
            out.writeDecimal(replacement.length);
            out.write(SP);
            out.writeDecimal(totalLength - headerLength + replacement.length);
            out.write(CR);
            out.write(LF);
            out.write(replacement);
        }
        line.clear();
        header.clear();
        skip = totalLength - headerLength + 2;
        state = State.SKIP;
    }

    /** Not the protocol: pass what is held and everything after it unchanged. */
    private void giveUp(ByteSink out) {
        flushLine(out);
        state = State.VERBATIM;
    }

    private void flushLine(ByteSink out) {
        out.write(line.array(), 0, line.size());
        line.clear();
    }

    private boolean sameOp(byte[] op, int length) {
        if (length != op.length) {
            return false;
        }
        byte[] l = line.array();
        for (int i = 0; i < length; i++) {
            if ((l[i] & ~0x20) != op[i]) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number in {@code bytes[from..to)}, or -1 if it is none. */
    private static long number(byte[] bytes, int from, int to) {
        if (to - from < 1 || to - from > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            n = n * 10 + (bytes[i] - '0');
        }
        return n;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
