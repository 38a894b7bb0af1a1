package io.jetsnap.format.cbor;

import io.jetsnap.core.SnapshotException;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * How the writer compresses, from the codec options {@code zstd.level} and {@code zstd.workers}.
 *
 * @param level the zstd compression level: 1 to 19, or negative for the fast levels
 * @param workers how many threads compress besides the writing one; 0 compresses on the writing thread
 */
record ZstdSettings(int level, int workers) {
    static final String LEVEL = "zstd.level";
    static final String WORKERS = "zstd.workers";
    static final ZstdSettings DEFAULT = new ZstdSettings(1, 0);

    /** zstd's fastest level, {@code -ZSTD_TARGETLENGTH_MAX}. */
    private static final int FASTEST_LEVEL = -(1 << 17);
    /** Levels above 19 need zstd's "ultra" windows of up to 128 MiB; they are left out. */
    private static final int HIGHEST_LEVEL = 19;
    /** zstd's own ceiling on worker threads ({@code ZSTDMT_NBWORKERS_MAX} on 64-bit). */
    private static final int MOST_WORKERS = 200;

    /** Reads the options this codec knows; others are ignored. A known one with a bad value is {@code BAD_INPUT}. */
    static ZstdSettings from(Map<String, String> options) {
        int level = integer(options, LEVEL, DEFAULT.level, l -> l != 0 && l >= FASTEST_LEVEL && l <= HIGHEST_LEVEL,
                "an integer from 1 to " + HIGHEST_LEVEL + " (or negative for fast levels)");
        int workers = integer(options, WORKERS, DEFAULT.workers, w -> w >= 0 && w <= MOST_WORKERS,
                "an integer from 0 to " + MOST_WORKERS + " (0: compress on the writing thread)");
        return new ZstdSettings(level, workers);
    }

    private static int integer(Map<String, String> options, String name, int otherwise, IntPredicate valid,
                               String expected) {
        String text = options.get(name);
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (valid.test(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, as is an integer out of range
        }
        throw SnapshotException.badInput(name + " must be " + expected + ", not '" + text + "'");
    }
}
