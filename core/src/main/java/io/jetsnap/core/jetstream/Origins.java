package io.jetsnap.core.jetstream;

import io.jetsnap.core.model.Origin;
import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Where a connection is: the {@link Origin} a snapshot records, and a restore names as its target. */
public final class Origins {
    /** {@code $JS.<domain>.API.}: the prefix {@code --js-domain} gives. */
    private static final Pattern DOMAIN_PREFIX = Pattern.compile("\\$JS\\.([^.]+)\\.API\\.?");

    private Origins() {
    }

    /** From what the server said when it was connected to (its INFO), and the API prefix in use. */
    public static Origin of(Connection connection, String apiPrefix) {
        ServerInfo info = connection.getServerInfo();
        return new Origin(blankToNull(info.getServerName()), blankToNull(info.getServerId()), blankToNull(info.getCluster()),
                domain(apiPrefix), withoutCredentials(connection.getConnectedUrl()));
    }

    /** The JetStream domain an API prefix reaches; null for the local one (or an import, which names none). */
    static @Nullable String domain(String apiPrefix) {
        Matcher m = DOMAIN_PREFIX.matcher(apiPrefix);
        return m.matches() ? m.group(1) : null;
    }

    /** A URL without its user information (user, password or token); null stays null. */
    static @Nullable String withoutCredentials(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (URISyntaxException e) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            return at > scheme && scheme >= 0 ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
        }
    }

    /**
     * A note for a restore into another place than the snapshot was taken in (another cluster, or
     * another server where there is none); empty for the same place or a snapshot that does not say.
     */
    public static java.util.Optional<String> elsewhere(@Nullable Origin snapshot, Origin target) {
        if (snapshot == null || snapshot.samePlace(target)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the snapshot was taken on " + describe(snapshot) + "; this restore is into "
                + describe(target));
    }

    /** {@code cluster east (server n1, nats://east-1:4222)}, or {@code server n1 (...)} without a cluster. */
    static String describe(Origin o) {
        String server = o.serverName() != null ? o.serverName() : o.serverId() != null ? o.serverId() : "?";
        String where = o.cluster() != null ? "cluster " + o.cluster() + " (server " + server : "server " + server + " (";
        String domain = o.domain() != null ? "domain " + o.domain() : null;
        java.util.List<String> more = new java.util.ArrayList<>();
        if (domain != null) {
            more.add(domain);
        }
        if (o.url() != null) {
            more.add(o.url());
        }
        return where + (o.cluster() != null && !more.isEmpty() ? ", " : "") + String.join(", ", more) + ")";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
