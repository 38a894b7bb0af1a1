package io.jetsnap.core.engine;

import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts between jnats messages and the snapshot model. */
final class NatsMessages {
    private static final byte[] EMPTY = new byte[0];

    private NatsMessages() {
    }

    static SnapshotMessage toSnapshot(long sequence, String subject, Headers headers, byte[] data, Instant time) {
        return toSnapshot(sequence, subject, headerList(headers), data, time);
    }

    static SnapshotMessage toSnapshot(long sequence, String subject, List<MessageHeader> headers, byte[] data, Instant time) {
        return new SnapshotMessage(sequence, subject, headers, data == null ? EMPTY : data, time);
    }

    /**
     * The subject of a message delivered to a subscription. jnats turns each byte of the protocol
     * line into a char with sign extension, so a UTF-8 subject such as {@code orders.café} arrives
     * as {@code orders.caf\uFFC3\uFFA9}; this undoes that (bytes 0x80..0xFF became 0xFF80..0xFFFF).
     */
    static String deliveredSubject(String subject) {
        boolean mangled = false;
        for (int i = 0; i < subject.length() && !mangled; i++) {
            mangled = subject.charAt(i) >= 0xFF80;
        }
        if (!mangled) {
            return subject;
        }
        byte[] bytes = new byte[subject.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) subject.charAt(i);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<MessageHeader> headerList(Headers headers) {
        return headers == null || headers.isEmpty() ? List.of() : without(headers, Set.of());
    }

    /** The headers as a list, leaving out those named in {@code skip} (headers a direct get adds). */
    static List<MessageHeader> without(Headers headers, Set<String> skip) {
        List<MessageHeader> list = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!skip.contains(e.getKey())) {
                for (String value : e.getValue()) {
                    list.add(new MessageHeader(e.getKey(), value));
                }
            }
        }
        return list.isEmpty() ? List.of() : list;
    }

    /** The message to publish for {@code m}, on {@code subject}. */
    static NatsMessage toNats(SnapshotMessage m, String subject) {
        NatsMessage.Builder b = NatsMessage.builder().subject(subject).data(m.payload());
        if (!m.headers().isEmpty()) {
            Headers h = new Headers();
            for (MessageHeader header : m.headers()) {
                h.add(header.name(), header.value());
            }
            b.headers(h);
        }
        return b.build();
    }
}
