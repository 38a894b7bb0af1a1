package io.jetsnap.format.cbor;

import java.util.Set;

/**
 * The map keys of the CBOR encoding, in the order they are written (see docs/format.md). They are
 * the member names of the JSON encoding, so that both read alike in a diagnostic dump.
 */
final class CborFields {
    static final String FORMAT = "format";
    static final String FORMAT_VERSION = "format_version";
    static final String TOOL_VERSION = "tool_version";
    static final String CREATED = "created";
    static final String SERVER_VERSION = "server_version";
    static final String STREAM = "stream";
    static final String STREAM_CONFIG = "stream_config";
    static final String STREAM_STATE = "stream_state";
    static final String SELECTION = "selection";
    static final String CONSUMERS = "consumers";
    static final String ORIGIN = "origin";
    static final String MESSAGES = "messages";
    static final String TRAILER = "trailer";

    // stream_state
    static final String STATE_MESSAGES = "messages";
    static final String STATE_BYTES = "bytes";
    static final String FIRST_SEQ = "first_seq";
    static final String LAST_SEQ = "last_seq";
    static final String FIRST_TS = "first_ts";
    static final String LAST_TS = "last_ts";

    // selection
    static final String MAX_SEQ = "max_seq";
    static final String BEFORE = "before";
    static final String UP_TO_SEQ = "up_to_seq";

    // trailer
    static final String TRAILER_MESSAGES = "messages";
    static final String PAYLOAD_BYTES = "payload_bytes";
    static final String DIGEST = "digest";

    // the elements of a consumer array, by position: the names only serve error messages
    static final String CONSUMER_NAME = "name";
    static final String CONSUMER_CONFIG = "config";
    static final String DELIVERED_STREAM_SEQ = "delivered_stream_seq";
    static final String DELIVERED_CONSUMER_SEQ = "delivered_consumer_seq";
    static final String ACK_FLOOR_STREAM_SEQ = "ack_floor_stream_seq";
    static final String ACK_FLOOR_CONSUMER_SEQ = "ack_floor_consumer_seq";
    static final int CONSUMER_ELEMENTS = 6;

    // the elements of a message array, by position: the names only serve error messages
    static final String SEQ = "seq";
    static final String SUBJECT = "subject";
    static final String SECONDS = "seconds";
    static final String NANOS = "nanos";
    static final String HEADERS = "headers";
    static final String PAYLOAD = "payload";
    static final String CRC = "crc";
    static final int MESSAGE_ELEMENTS = 7;

    /** The known keys of each map; a known key out of its place is an error, others are skipped. */
    static final Set<String> TOP = Set.of(FORMAT, FORMAT_VERSION, TOOL_VERSION, CREATED, SERVER_VERSION, STREAM,
            STREAM_CONFIG, STREAM_STATE, SELECTION, CONSUMERS, ORIGIN, MESSAGES, TRAILER);
    static final Set<String> ORIGIN_FIELDS = Set.copyOf(io.jetsnap.core.model.Origin.MEMBERS);
    static final Set<String> STATE = Set.of(STATE_MESSAGES, STATE_BYTES, FIRST_SEQ, LAST_SEQ, FIRST_TS, LAST_TS);
    static final Set<String> SELECTION_FIELDS = Set.of(MAX_SEQ, BEFORE, UP_TO_SEQ);
    static final Set<String> TRAILER_FIELDS = Set.of(TRAILER_MESSAGES, PAYLOAD_BYTES, DIGEST);

    private CborFields() {
    }
}
