package io.jetsnap.format.jackson;

import io.jetsnap.core.model.Origin;
import java.util.Set;

/**
 * The names of a snapshot's members, in the order they are written (see docs/format.md), and the
 * limits every reader keeps. JSON and CBOR use the same names, so both read alike in a diagnostic
 * dump; where a codec lays a record out by position (CBOR's messages and consumers), the names
 * only serve its error messages.
 */
public final class Fields {
    public static final String FORMAT = "format";
    public static final String FORMAT_VERSION = "format_version";
    public static final String TOOL_VERSION = "tool_version";
    public static final String CREATED = "created";
    public static final String SERVER_VERSION = "server_version";
    public static final String STREAM = "stream";
    public static final String STREAM_CONFIG = "stream_config";
    public static final String STREAM_STATE = "stream_state";
    public static final String SELECTION = "selection";
    public static final String CONSUMERS = "consumers";
    public static final String ORIGIN = "origin";
    public static final String MESSAGES = "messages";
    public static final String TRAILER = "trailer";

    // stream_state
    public static final String STATE_MESSAGES = "messages";
    public static final String STATE_BYTES = "bytes";
    public static final String FIRST_SEQ = "first_seq";
    public static final String LAST_SEQ = "last_seq";
    public static final String FIRST_TS = "first_ts";
    public static final String LAST_TS = "last_ts";

    // selection
    public static final String MAX_SEQ = "max_seq";
    public static final String BEFORE = "before";
    public static final String UP_TO_SEQ = "up_to_seq";

    // a consumer
    public static final String CONSUMER_NAME = "name";
    public static final String CONSUMER_CONFIG = "config";
    public static final String DELIVERED_STREAM_SEQ = "delivered_stream_seq";
    public static final String DELIVERED_CONSUMER_SEQ = "delivered_consumer_seq";
    public static final String ACK_FLOOR_STREAM_SEQ = "ack_floor_stream_seq";
    public static final String ACK_FLOOR_CONSUMER_SEQ = "ack_floor_consumer_seq";

    // a message: the members both codecs have (how the time is kept is each codec's own)
    public static final String SEQ = "seq";
    public static final String SUBJECT = "subject";
    public static final String HEADERS = "headers";
    public static final String PAYLOAD = "payload";
    public static final String CRC = "crc";

    // trailer
    public static final String TRAILER_MESSAGES = "messages";
    public static final String PAYLOAD_BYTES = "payload_bytes";
    public static final String DIGEST = "digest";

    /** The known members of each object; a known member out of its place is an error, others are skipped. */
    public static final Set<String> TOP = Set.of(FORMAT, FORMAT_VERSION, TOOL_VERSION, CREATED, SERVER_VERSION,
            STREAM, STREAM_CONFIG, STREAM_STATE, SELECTION, CONSUMERS, ORIGIN, MESSAGES, TRAILER);
    public static final Set<String> ORIGIN_FIELDS = Set.copyOf(Origin.MEMBERS);
    public static final Set<String> STATE = Set.of(STATE_MESSAGES, STATE_BYTES, FIRST_SEQ, LAST_SEQ, FIRST_TS, LAST_TS);
    public static final Set<String> SELECTION_FIELDS = Set.of(MAX_SEQ, BEFORE, UP_TO_SEQ);
    public static final Set<String> CONSUMER = Set.of(CONSUMER_NAME, CONSUMER_CONFIG, DELIVERED_STREAM_SEQ,
            DELIVERED_CONSUMER_SEQ, ACK_FLOOR_STREAM_SEQ, ACK_FLOOR_CONSUMER_SEQ);
    public static final Set<String> TRAILER_FIELDS = Set.of(TRAILER_MESSAGES, PAYLOAD_BYTES, DIGEST);

    /** The largest payload read: NATS's own ceiling for {@code max_payload}. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
    /** The largest header block read: the server counts it within {@code max_payload}, so no stored block is larger. */
    public static final int MAX_HEADER_BLOCK_BYTES = MAX_PAYLOAD_BYTES;
    /** The most header lines one message of a format 1 snapshot may have; far beyond what a server accepts in practice. */
    public static final int MAX_HEADER_LINES = 100_000;
    /** The most consumers one snapshot may have; far beyond what a stream has in practice. */
    public static final int MAX_CONSUMERS = 100_000;

    private Fields() {
    }
}
