package io.jetsnap.core.model;

import java.util.Objects;

/** One header line of a message: a name and one value, case kept exactly as published. */
public record MessageHeader(String name, String value) {
    public MessageHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
