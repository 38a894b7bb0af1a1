package io.jetsnap.format.cbor;

import com.github.luben.zstd.util.Native;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;

/**
 * zstd-jni's native library, loaded before the first zstd stream is made. zstd-jni unpacks it from
 * its jar into {@code java.io.tmpdir} and loads it from there, which fails where that directory
 * does not allow executing files (a {@code noexec} {@code /tmp}); the failure arrives as one of
 * several {@link LinkageError}s and becomes a {@code NOT_AVAILABLE} error that says what to do.
 */
final class ZstdLibrary {
    static final ZstdLibrary NATIVE = new ZstdLibrary(Native::load);

    private final Runnable loader;

    /** @param loader loads the library or throws a {@link LinkageError}; called once per stream, must be cheap after the first */
    ZstdLibrary(Runnable loader) {
        this.loader = loader;
    }

    /** Loads the library if that has not happened yet. */
    void load() {
        try {
            loader.run();
        } catch (LinkageError e) {
            throw unavailable(e);
        }
    }

    /**
     * The error to report when the library cannot be loaded: {@link UnsatisfiedLinkError} when it
     * cannot be mapped, {@link ExceptionInInitializerError} when it cannot be unpacked, and
     * {@link NoClassDefFoundError} for every later use of a zstd-jni class whose loading failed once.
     */
    static SnapshotException unavailable(LinkageError e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("").strip();
        return new SnapshotException(ErrorCode.NOT_AVAILABLE, "the zstd native library could not be loaded (" + cause
                + "); the cbor format needs it: set -Djava.io.tmpdir to an existing directory that allows executing files"
                + " (e.g. JAVA_OPTS=-Djava.io.tmpdir=/var/tmp), or use --format json", e);
    }
}
