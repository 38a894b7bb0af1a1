package io.jetsnap.format.cbor;

/**
 * What only the CBOR encoding has (the map keys are {@link io.jetsnap.format.jackson.Fields}'):
 * messages and consumers are arrays, their elements by position; the names only serve error messages.
 */
final class CborFields {
    static final int CONSUMER_ELEMENTS = 6;

    // a message's time, as two elements
    static final String SECONDS = "seconds";
    static final String NANOS = "nanos";
    static final int MESSAGE_ELEMENTS = 7;

    private CborFields() {
    }
}
