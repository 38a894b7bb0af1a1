package io.jetsnap.core.model;

import java.util.Objects;

/**
 * A durable consumer of the stream, as it was when the snapshot began.
 *
 * @param name the consumer's durable name
 * @param configJson its configuration exactly as the server returned it (JSON text)
 * @param deliveredStreamSequence the stream sequence of the last message delivered
 * @param deliveredConsumerSequence the consumer sequence of the last delivery
 * @param ackFloorStreamSequence the stream sequence below which every message is acknowledged
 * @param ackFloorConsumerSequence the consumer sequence of the ack floor
 */
public record ConsumerSnapshot(String name, String configJson, long deliveredStreamSequence,
                               long deliveredConsumerSequence, long ackFloorStreamSequence,
                               long ackFloorConsumerSequence) {
    public ConsumerSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configJson, "configJson");
    }
}
