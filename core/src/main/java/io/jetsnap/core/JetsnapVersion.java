package io.jetsnap.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the jetsnap build on the classpath. */
public final class JetsnapVersion {
    private static final String VERSION = load();

    private JetsnapVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = JetsnapVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
