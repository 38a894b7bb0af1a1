package io.jetsnap.core.jetstream.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Protocol traffic for the tests, built by hand the way nats-server and jnats write it. */
final class Frames {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The block as the port hands it to jnats. */
    static byte[] delivered(byte[] block) {
        return concat(ascii("NATS/1.0\r\nJetsnap-Raw: "), ascii(Base64.getEncoder().withoutPadding().encodeToString(block)),
                ascii("\r\n\r\n"));
    }

    /** The carrier of a block as jnats serialises it. */
    static byte[] published(byte[] block) {
        return concat(ascii("NATS/1.0\r\nJetsnap-Raw:"), ascii(Base64.getEncoder().withoutPadding().encodeToString(block)),
                ascii("\r\n\r\n"));
    }

    Frames line(String text) {
        bytes.writeBytes(ascii(text + "\r\n"));
        return this;
    }

    Frames raw(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    /** {@code MSG subject sid [reply] size}. */
    Frames msg(String subject, String sid, String reply, byte[] payload) {
        bytes.writeBytes(concat(ascii("MSG "), utf8(subject), ascii(" " + sid + (reply == null ? "" : " " + reply) + " "
                + payload.length + "\r\n")));
        bytes.writeBytes(payload);
        bytes.writeBytes(ascii("\r\n"));
        return this;
    }

    /** {@code HMSG subject sid [reply] hdrlen totlen}. */
    Frames hmsg(String subject, String sid, String reply, byte[] header, byte[] payload) {
        bytes.writeBytes(concat(ascii("HMSG "), utf8(subject), ascii(" " + sid + (reply == null ? "" : " " + reply) + " "
                + header.length + " " + (header.length + payload.length) + "\r\n")));
        bytes.writeBytes(header);
        bytes.writeBytes(payload);
        bytes.writeBytes(ascii("\r\n"));
        return this;
    }

    /** {@code PUB subject [reply] size}. */
    Frames pub(String subject, String reply, byte[] payload) {
        bytes.writeBytes(concat(ascii("PUB "), utf8(subject), ascii((reply == null ? "" : " " + reply) + " " + payload.length
                + "\r\n")));
        bytes.writeBytes(payload);
        bytes.writeBytes(ascii("\r\n"));
        return this;
    }

    /** {@code HPUB subject [reply] hdrlen totlen}. */
    Frames hpub(String subject, String reply, byte[] header, byte[] payload) {
        bytes.writeBytes(concat(ascii("HPUB "), utf8(subject), ascii((reply == null ? "" : " " + reply) + " " + header.length
                + " " + (header.length + payload.length) + "\r\n")));
        bytes.writeBytes(header);
        bytes.writeBytes(payload);
        bytes.writeBytes(ascii("\r\n"));
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
