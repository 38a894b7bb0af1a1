package io.jetsnap.core.jetstream.wire;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a header block travels between jetsnap and jnats on a connection with an
 * {@link ExactHeadersPort}: as the one ASCII header {@value #NAME}, whose value is the block's exact
 * bytes in base64 (standard alphabet, no padding). jnats accepts and keeps such a header whatever
 * the block holds; the port turns it into the block itself on the way to the server, and every
 * block from the server into it on the way in.
 */
public final class HeaderCarrier {
    /** The carrier header's name. */
    public static final String NAME = "Jetsnap-Raw";

    /** A block as the port hands it to jnats. */
    private static final byte[] DELIVERED_PREFIX = ascii("NATS/1.0\r\n" + NAME + ": ");
    /** A block as jnats serialises the carrier (no space after the colon). */
    private static final byte[] PUBLISHED_PREFIX = ascii("NATS/1.0\r\n" + NAME + ":");
    private static final byte[] END = ascii("\r\n\r\n");
    private static final byte[] VERSION_AND_SPACE = ascii("NATS/1.0 ");
    /** {@code NATS/1.0 } and a three-digit status code. */
    private static final int STATUS_LENGTH = VERSION_AND_SPACE.length + 3;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private HeaderCarrier() {
    }

    /** The headers to publish on such a connection so that the server receives exactly {@code block}. */
    public static Headers carrying(byte[] block) {
        return new Headers().put(NAME, ENCODER.encodeToString(block));
    }

    /**
     * The exact header block of a message received on such a connection, or null if it came without
     * one: it had no headers, or it is a status message ({@code NATS/1.0 404 ...}), which the port
     * leaves to jnats.
     */
    public static byte @Nullable [] carried(Message m) {
        Headers headers = m.getHeaders();
        if (headers == null || m.isStatusMessage()) {
            return null;
        }
        List<String> values = headers.get(NAME);
        if (values == null || values.size() != 1 || headers.size() != 1) {
            throw new IllegalStateException("a message on subject " + m.getSubject() + " arrived with headers but without "
                    + "their exact bytes (" + NAME + "): the connection does not read through jetsnap's data port");
        }
        return Base64.getDecoder().decode(values.get(0));
    }

    /** Whether a block the server sends is a status line ({@code NATS/1.0 503}, ...), which jnats reads itself. */
    static boolean isStatus(byte[] block, int length) {
        if (length < STATUS_LENGTH || !Arrays.equals(block, 0, VERSION_AND_SPACE.length, VERSION_AND_SPACE, 0,
                VERSION_AND_SPACE.length)) {
            return false;
        }
        for (int i = VERSION_AND_SPACE.length; i < STATUS_LENGTH; i++) {
            if (block[i] < '0' || block[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The block the port hands to jnats instead of one the server sent, or null for a status it
     * leaves alone: a status line in a frame without a reply subject (the end of a pull request, no
     * responders, a direct get's end of batch). A stored message is delivered with a reply subject
     * (JetStream's ack subject), so a client's block that merely looks like a status
     * ({@code NATS/1.0 404 ...} published as headers) is carried as any other. (Push consumers' flow
     * control requests are statuses with a reply; jetsnap uses none on such a connection.)
     */
    static byte @Nullable [] wrap(byte[] block, int length, boolean replyTo) {
        if (!replyTo && isStatus(block, length)) {
            return null;
        }
        byte[] encoded = ENCODER.encode(length == block.length ? block : Arrays.copyOf(block, length));
        byte[] wrapped = new byte[DELIVERED_PREFIX.length + encoded.length + END.length];
        System.arraycopy(DELIVERED_PREFIX, 0, wrapped, 0, DELIVERED_PREFIX.length);
        System.arraycopy(encoded, 0, wrapped, DELIVERED_PREFIX.length, encoded.length);
        System.arraycopy(END, 0, wrapped, DELIVERED_PREFIX.length + encoded.length, END.length);
        return wrapped;
    }

    /** The block a carrier published by jnats stands for, or null if the block is no carrier (it is sent as it is). */
    static byte @Nullable [] unwrap(byte[] block, int length, boolean replyTo) {
        int from = PUBLISHED_PREFIX.length;
        int to = length - END.length;
        if (to < from || !Arrays.equals(block, 0, from, PUBLISHED_PREFIX, 0, from)
                || !Arrays.equals(block, to, length, END, 0, END.length) || (to - from) % 4 == 1) {
            return null;
        }
        for (int i = from; i < to; i++) {
            byte b = block[i];
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/')) {
                return null;
            }
        }
        return Base64.getDecoder().decode(Arrays.copyOfRange(block, from, to));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
