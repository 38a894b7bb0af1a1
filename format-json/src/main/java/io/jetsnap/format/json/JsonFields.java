package io.jetsnap.format.json;

import static io.jetsnap.format.jackson.Fields.*;

import java.util.Set;

/** The member names only the JSON encoding has (the others are {@link io.jetsnap.format.jackson.Fields}'). */
final class JsonFields {
    // a message: its time as RFC 3339 text, and its header block as base64 when it is not UTF-8
    static final String TIME = "time";
    static final String HEADERS_BASE64 = "headers_base64";

    /** The known members of a message object; a known member out of its place is an error, others are skipped. */
    static final Set<String> MESSAGE = Set.of(SEQ, SUBJECT, TIME, HEADERS, HEADERS_BASE64, PAYLOAD, CRC);

    private JsonFields() {
    }
}
