package io.jetsnap.core.jetstream;

import io.jetsnap.core.EngineOptions;
import io.nats.client.Connection;
import java.util.List;

/** The streams a server has. */
public final class StreamNames {
    private StreamNames() {
    }

    /** Every stream's name, KV and object store buckets included, all pages of {@code STREAM.NAMES}. */
    public static List<String> of(Connection connection, EngineOptions options) {
        return new JsApi(connection, options.apiPrefix(), options.requestTimeout()).streamNames();
    }
}
