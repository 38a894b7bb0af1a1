package io.jetsnap.core.jetstream;

import io.nats.client.Connection;

/** The connected nats-server's version, for features that depend on it. */
public record ServerVersion(int major, int minor, int patch, String text) {
    public static ServerVersion of(Connection connection) {
        return parse(connection.getServerInfo().getVersion());
    }

    public static ServerVersion parse(String version) {
        String[] parts = version.replaceFirst("^v", "").split("[.-]");
        return new ServerVersion(number(parts, 0), number(parts, 1), number(parts, 2), version);
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || major == wantMajor && minor >= wantMinor;
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
