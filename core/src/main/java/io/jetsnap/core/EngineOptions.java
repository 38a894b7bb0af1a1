package io.jetsnap.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine talks to JetStream.
 *
 * @param apiPrefix the JetStream API prefix, {@code $JS.API.} unless a domain or import changes it
 * @param requestTimeout how long one API request may take
 * @param idleLimit how long a read may go without a message before it fails
 * @param publishWindow how many restored messages may await their acknowledgement at once
 */
public record EngineOptions(String apiPrefix, Duration requestTimeout, Duration idleLimit, int publishWindow) {
    public static final EngineOptions DEFAULTS =
            new EngineOptions("$JS.API.", Duration.ofSeconds(10), Duration.ofSeconds(30), 4096);

    public EngineOptions {
        Objects.requireNonNull(apiPrefix, "apiPrefix");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(idleLimit, "idleLimit");
        if (publishWindow < 1) {
            throw new IllegalArgumentException("publishWindow must be at least 1");
        }
    }
}
