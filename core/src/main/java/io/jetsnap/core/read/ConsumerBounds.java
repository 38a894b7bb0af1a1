package io.jetsnap.core.read;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;

/**
 * Refuses consumer positions no real stream can have: a consumer cannot have delivered, or
 * acknowledged, a message the stream had not stored. jetsnap reads a stream's consumers before the
 * stream's state, so in a snapshot it wrote every consumer's positions are at or below the
 * stream's last sequence, with one exception the server makes itself: a {@code by_start_sequence}
 * consumer that has delivered nothing yet, whose start lies past the stream's end, reports the
 * sequence before its start as delivered and acknowledged (nats-server 2.11 and later keep such a
 * start).
 */
public final class ConsumerBounds {
    private ConsumerBounds() {
    }

    /** Throws a {@code CORRUPT_SNAPSHOT} error for the first consumer beyond the stream's last sequence. */
    public static void refuse(SnapshotHeader header) {
        long last = header.state().lastSequence();
        for (ConsumerSnapshot c : header.consumers()) {
            long beyond = Math.max(c.ackFloorStreamSequence(), c.deliveredStreamSequence());
            boolean negative = c.ackFloorStreamSequence() < 0 || c.deliveredStreamSequence() < 0;
            if (negative || beyond > last && !waitingAtItsStart(c)) {
                String what = c.ackFloorStreamSequence() > last ? "has acknowledged up to sequence " + c.ackFloorStreamSequence()
                        : "has delivered up to sequence " + c.deliveredStreamSequence();
                throw SnapshotException.corrupt("snapshot is corrupt: consumer " + c.name() + " " + what
                        + ", beyond the stream's last sequence " + last + " when the snapshot began; no consumer of a "
                        + "real stream can, so the snapshot was not written by jetsnap from a stream, or was altered");
            }
        }
    }

    /**
     * A {@code by_start_sequence} consumer that has delivered nothing: the server reports the
     * sequence before its start as both delivered and acknowledged, wherever the stream ends.
     */
    static boolean waitingAtItsStart(ConsumerSnapshot c) {
        if (c.deliveredConsumerSequence() != 0 || c.ackFloorConsumerSequence() != 0) {
            return false;
        }
        long start = optStartSequence(c.configJson());
        return start > 0 && c.deliveredStreamSequence() == start - 1 && c.ackFloorStreamSequence() == start - 1;
    }

    private static long optStartSequence(String configJson) {
        try {
            JsonValue config = JsonParser.parse(configJson);
            if (config.map == null) {
                return 0;
            }
            JsonValue policy = config.map.get("deliver_policy");
            JsonValue start = config.map.get("opt_start_seq");
            boolean byStart = policy != null && "by_start_sequence".equals(policy.string);
            return byStart && start != null && start.number != null ? start.number.longValue() : 0;
        } catch (JsonParseException e) {
            return 0; // the configuration itself is checked where it is used
        }
    }
}
