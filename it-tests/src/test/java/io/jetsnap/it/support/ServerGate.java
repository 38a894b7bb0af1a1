package io.jetsnap.it.support;

import io.nats.client.Connection;

/** Gates a test on the connected server's version, and says so when the server lacks the feature. */
public final class ServerGate {
    private ServerGate() {
    }

    /**
     * Whether the server is 2.{@code minor} or newer; if not, prints which server lacked what
     * ({@code lacking} names the feature and the test).
     */
    public static boolean atLeast(Connection nc, int minor, String lacking) {
        String version = nc.getServerInfo().getVersion();
        String[] v = version.split("\\.");
        boolean has = Integer.parseInt(v[0]) > 2 || Integer.parseInt(v[1]) >= minor;
        if (!has) {
            System.out.println("nats-server " + version + " (before 2." + minor + "): " + lacking);
        }
        return has;
    }
}
