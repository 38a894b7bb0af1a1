package io.jetsnap.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a snapshot was taken: the server jetsnap was connected to, its cluster and the JetStream
 * domain, each as far as is known. (Not the account: the server names it only to a request on
 * {@code $SYS.REQ.USER.INFO}, which a least-privilege user may be denied, and a denied request
 * ends jetsnap's connection.) Recorded in the header for people and
 * for grouping ({@code ls}, {@code prune}); it is not part of the digest, which says the content
 * wherever it was taken.
 *
 * @param serverName the server's name ({@code server_name} in its INFO)
 * @param serverId the server's id
 * @param cluster its cluster's name; null for a server without one
 * @param domain the JetStream domain the API was reached in ({@code --js-domain}); null for the local one
 * @param url the URL connected to, without credentials; null where unknown
 */
public record Origin(@Nullable String serverName, @Nullable String serverId, @Nullable String cluster,
                     @Nullable String domain, @Nullable String url) {
    /**
     * A short name for where the snapshot came from, to show and to group by:
     * {@code [domain:]cluster}, or the server's name where it has no cluster.
     */
    public String label() {
        String where = cluster != null ? cluster : serverName != null ? serverName : serverId != null ? serverId : "?";
        return (domain != null ? domain + ":" : "") + where;
    }

    /** Whether {@code text} names this origin: its label, or its server name or id, cluster or domain. */
    public boolean matches(String text) {
        return text.equals(label()) || text.equals(serverName) || text.equals(serverId) || text.equals(cluster)
                || text.equals(domain);
    }

    /** Whether this and {@code other} are the same place: the same cluster, or the same server where there is none. */
    public boolean samePlace(Origin other) {
        if (cluster != null || other.cluster != null) {
            return java.util.Objects.equals(cluster, other.cluster) && java.util.Objects.equals(domain, other.domain);
        }
        return java.util.Objects.equals(serverName, other.serverName) && java.util.Objects.equals(domain, other.domain);
    }

    /** The names of the members an encoding gives an origin (docs/format.md), in the order they are written. */
    public static final List<String> MEMBERS = List.of("server_name", "server_id", "cluster", "domain", "url");

    /** The members that are set, by {@link #MEMBERS} name, in that order. */
    public Map<String, String> members() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] values = {serverName, serverId, cluster, domain, url};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                m.put(MEMBERS.get(i), values[i]);
            }
        }
        return m;
    }

    /** The origin {@link #members} describe; names it does not know are ignored. */
    public static Origin ofMembers(Map<String, String> m) {
        return new Origin(m.get("server_name"), m.get("server_id"), m.get("cluster"), m.get("domain"), m.get("url"));
    }
}
