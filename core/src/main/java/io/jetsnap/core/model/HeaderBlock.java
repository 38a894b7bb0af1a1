package io.jetsnap.core.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message's header block exactly as nats-server stored it ({@code NATS/1.0\r\n} ...
 * {@code \r\n}, whatever bytes the publisher sent), or {@link #NONE}.
 *
 * <p>The bytes are the truth: they are what a snapshot keeps, what its digest covers and what a
 * restore gives back to the server, spacing, case, order, duplicates and non-UTF-8 bytes included.
 * {@link #lines()} and {@link #value(String)} only read them. The array is owned by the block and
 * not copied (snapshots move millions of these); do not modify it.
 */
public final class HeaderBlock {
    /** The message had no header block (it was published without headers). */
    public static final HeaderBlock NONE = new HeaderBlock(new byte[0], false);

    private static final int SHOWN = 120;

    private final byte[] bytes;
    private final boolean present;

    private HeaderBlock(byte[] bytes, boolean present) {
        this.bytes = bytes;
        this.present = present;
    }

    /**
     * A block of exactly these bytes, which are owned by the block, not copied. Any bytes are
     * accepted, even an empty array (a block of no bytes, which is present and not {@link #NONE}).
     */
    public static HeaderBlock of(byte[] bytes) {
        return new HeaderBlock(Objects.requireNonNull(bytes, "bytes"), true);
    }

    /**
     * The block {@code NATS/1.0\r\n}, then {@code name: value\r\n} per line in order, then
     * {@code \r\n}; for an empty list, the empty block {@code NATS/1.0\r\n\r\n} (present, not
     * {@link #NONE}). For tests, for reading format 1 snapshots (which kept only the lines) and for tools.
     *
     * @throws IllegalArgumentException if a name is empty or holds a colon, CR or LF, or a value
     *     holds CR or LF: such a line cannot be written in a header block
     */
    public static HeaderBlock ofLines(List<MessageHeader> lines) {
        StringBuilder text = new StringBuilder("NATS/1.0\r\n");
        for (MessageHeader line : lines) {
            String name = line.name();
            if (name.isEmpty() || name.indexOf(':') >= 0 || hasLineBreak(name)) {
                throw new IllegalArgumentException("header name " + quoted(name)
                        + " cannot be written in a header block: it is empty or holds ':', CR or LF");
            }
            if (hasLineBreak(line.value())) {
                throw new IllegalArgumentException("the value of header " + quoted(name)
                        + " cannot be written in a header block: it holds CR or LF");
            }
            text.append(name).append(": ").append(line.value()).append("\r\n");
        }
        return of(text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** False only for {@link #NONE}; the empty block {@code NATS/1.0\r\n\r\n} is present. */
    public boolean present() {
        return present;
    }

    /** The stored bytes, not copied (do not modify them); empty for {@link #NONE}. */
    public byte[] bytes() {
        return bytes;
    }

    /** How many bytes the block has; 0 for {@link #NONE}. */
    public int length() {
        return bytes.length;
    }

    /**
     * The header lines, read leniently for display and engine decisions: after the first line
     * (the status line, {@code NATS/1.0} for a stored message), each line up to CRLF until an
     * empty line or the end; a line with a colon gives the name before its first colon and the
     * value after it, leading spaces skipped and the rest kept to the CRLF (as {@link #value}
     * reads it); a line without a colon is skipped. Bytes that are not UTF-8 read as U+FFFD.
     * Empty for {@link #NONE} and for the empty block.
     */
    public List<MessageHeader> lines() {
        List<MessageHeader> lines = new ArrayList<>();
        int at = lineEnd(0);
        while (at >= 0 && at + 2 < bytes.length) {
            int start = at + 2;
            int end = lineEnd(start);
            int stop = end < 0 ? bytes.length : end;
            if (stop == start) {
                break;
            }
            int colon = indexOf((byte) ':', start, stop);
            if (colon > start) {
                int value = colon + 1;
                while (value < stop && bytes[value] == ' ') {
                    value++;
                }
                lines.add(new MessageHeader(text(start, colon), text(value, stop)));
            }
            at = end;
        }
        return List.copyOf(lines);
    }

    /**
     * The value of {@code name} as nats-server's own header lookup finds it (server/client.go,
     * {@code sliceHeader}/{@code getHeaderKeyIndex}): the first occurrence of the name's bytes,
     * matched case-sensitively, that starts a line (follows CRLF) and is followed at once by
     * {@code :}; then the spaces after the colon are skipped (spaces only, not tabs, as the server
     * does), and the value runs to the next CRLF or the end of the block, trailing spaces kept.
     * This is what decides what the server acts on ({@code Nats-Msg-Id}, {@code Nats-TTL},
     * {@code Nats-Expected-*}, ...).
     *
     * <p>Quirks kept from the server: the search gives up when the name's bytes occur within two
     * bytes of where it (re)started, i.e. at the block's first two bytes ({@code N}, {@code NATS},
     * {@code A} are never found) or right after a failed match ({@code X} in {@code XX: 1\r\nX: 2});
     * and it is the lookup of nats-server 2.11.11, 2.12.2 and later. Older servers (2.9.10 and
     * 2.10.27 among them) look only at the first occurrence of the name's bytes anywhere in the
     * block, so they miss a line whose name also occurs earlier inside another line.
     * Bytes that are not UTF-8 read as U+FFFD.
     *
     * @return the value, possibly empty; null if no line has this name, for {@link #NONE}, or if
     *     {@code name} is empty
     */
    public @Nullable String value(String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            return null;
        }
        for (int from = 0; ; ) {
            int index = indexOf(key, from);
            // as the server: an occurrence within two bytes of where the search began ends it
            if (index < 0 || index - from < 2) {
                return null;
            }
            int after = index + key.length;
            if (index >= 2 && bytes[index - 2] == '\r' && bytes[index - 1] == '\n'
                    && after < bytes.length && bytes[after] == ':') {
                int start = after + 1;
                while (start < bytes.length && bytes[start] == ' ') {
                    start++;
                }
                int end = lineEnd(start);
                return text(start, end < 0 ? bytes.length : end);
            }
            from = index + key.length;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderBlock b && present == b.present && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return present ? Arrays.hashCode(bytes) : -1;
    }

    /** {@code NONE}, or the bytes with CR, LF, backslash and bytes outside printable ASCII escaped, shortened. */
    @Override
    public String toString() {
        if (!present) {
            return "NONE";
        }
        StringBuilder s = new StringBuilder("HeaderBlock[").append(bytes.length).append(" bytes: \"");
        for (int i = 0; i < Math.min(bytes.length, SHOWN); i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        return s.append(bytes.length > SHOWN ? "\"...]" : "\"]").toString();
    }

    private int lineEnd(int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    private static String quoted(String s) {
        return '"' + s.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
