package io.jetsnap.core.engine;

import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts between jnats messages and the snapshot model. */
final class NatsMessages {
    private static final byte[] EMPTY = new byte[0];

    private NatsMessages() {
    }

    static SnapshotMessage toSnapshot(long sequence, String subject, Headers headers, byte[] data, Instant time) {
        return new SnapshotMessage(sequence, subject, headerList(headers), data == null ? EMPTY : data, time);
    }

    static List<MessageHeader> headerList(Headers headers) {
        if (headers == null || headers.isEmpty()) {
            return List.of();
        }
        List<MessageHeader> list = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String value : e.getValue()) {
                list.add(new MessageHeader(e.getKey(), value));
            }
        }
        return list;
    }

    static NatsMessage toNats(SnapshotMessage m) {
        NatsMessage.Builder b = NatsMessage.builder().subject(m.subject()).data(m.payload());
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
