package io.jetsnap.it.support;

import io.nats.client.Connection;
import java.util.List;

/** The restore methods a server has: publish, and server on nats-server 2.15+ (it says when it lacks one). */
public final class RestoreMethods {
    private RestoreMethods() {
    }

    public static List<String> of(Connection nc, String test) {
        return ServerGate.atLeast(nc, 15, "no server-side restore; " + test + " checks the publishing restore only")
                ? List.of("publish", "server") : List.of("publish");
    }
}
