package io.jetsnap.it.support;

import java.io.File;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * nats-server binaries of other versions than the one under test, for tests that need two
 * servers at once (a snapshot taken on a newer server, restored into an older one). They are
 * where {@code .ci/fetch-nats-servers} puts them, {@code DIR/VERSION/nats-server}, with DIR from
 * {@code JETSNAP_NATS_SERVERS}, else the repository's {@code target/nats-servers}.
 */
public final class ServerBinaries {
    private ServerBinaries() {
    }

    /** The binary of nats-server {@code version} (e.g. {@code 2.15.1}), or null if it is not there. */
    public static @Nullable String of(String version) {
        String dir = System.getenv("JETSNAP_NATS_SERVERS");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("..", "target", "nats-servers");
        File binary = base.resolve(version).resolve("nats-server").toFile();
        return binary.canExecute() ? binary.getPath() : null;
    }

    /** Where {@link #of} looks, for the message of a test that cannot run. */
    public static String where(String version) {
        String dir = System.getenv("JETSNAP_NATS_SERVERS");
        return (dir != null && !dir.isBlank() ? dir : Path.of("..", "target", "nats-servers").toAbsolutePath().normalize())
                + File.separator + version + File.separator + "nats-server (set JETSNAP_NATS_SERVERS, or run .ci/test, which "
                + "fetches it)";
    }
}
