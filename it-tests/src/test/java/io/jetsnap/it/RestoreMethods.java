package io.jetsnap.it;

import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;

/** The restore methods a target server offers: publishing always, the server-side restore on 2.15+ (gated, printed). */
final class RestoreMethods {
    private RestoreMethods() {
    }

    /** {@code publish}, and {@code server} where the target has it; {@code test} names who restores by publishing only. */
    static List<String> of(Connection target, String test) {
        List<String> methods = new ArrayList<>(List.of("publish"));
        if (ServerGate.atLeast(target, 15, "no server-side restore; " + test + " restores by publishing only")) {
            methods.add("server");
        }
        return methods;
    }
}
