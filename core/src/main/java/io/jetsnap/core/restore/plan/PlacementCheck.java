package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.support.JsonValue;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether the placement a restore asks for is one the target server satisfies, judged from its
 * answer to the probe's create (see {@link ConfigProbe}). A cluster of servers refuses a cluster or
 * tags it does not have by itself ("no suitable peers for placement"), and says in its answer
 * which cluster took the stream. A server in no cluster takes any placement into the configuration
 * and places nothing: a cluster asked of it is refused here, and tags, which it does not tell a
 * client it has, are kept with a note.
 */
final class PlacementCheck {
    private PlacementCheck() {
    }

    /**
     * @param answer the server's answer to creating the probe's stream with the placement
     * @return a note for tags a server in no cluster cannot be asked about
     * @throws SnapshotException a cluster that is not the one that took the stream; nothing was changed
     */
    static Optional<String> check(String target, RestoreRequest.@Nullable Placement asked, String answer) {
        if (asked == null) {
            return Optional.empty();
        }
        JsonValue cluster = JsApi.parse(answer).map.get("cluster");
        JsonValue name = cluster == null || cluster.map == null ? null : cluster.map.get("name");
        String placedIn = name == null || name.string == null || name.string.isEmpty() ? null : name.string;
        if (asked.cluster() != null && !asked.cluster().equals(placedIn)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "stream " + target + " cannot be placed in cluster "
                    + asked.cluster() + ": " + (placedIn == null ? "the server is in no cluster (its JetStream runs on its own), "
                    + "so it would keep the placement in the configuration and place nothing" : "the server placed it in cluster "
                    + placedIn) + "; nothing was changed");
        }
        if (placedIn == null && !asked.tags().isEmpty()) {
            return Optional.of("the server is in no cluster, so it places no stream: the placement's tags ("
                    + String.join(", ", asked.tags()) + ") are kept in stream " + target + "'s configuration, and whether "
                    + "this server's server_tags match them is not something a client can see");
        }
        return Optional.empty();
    }
}
