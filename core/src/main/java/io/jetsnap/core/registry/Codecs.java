package io.jetsnap.core.registry;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.MatchStrength;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The codecs found on the classpath with {@link java.util.ServiceLoader}: lookup by name, by file
 * name, and by a graded probe of a snapshot's first bytes.
 */
public final class Codecs {
    private final Map<String, ManifestCodec> byName;
    private final List<String> problems;

    private Codecs(List<ManifestCodec> codecs, List<String> problems) {
        Map<String, ManifestCodec> map = new LinkedHashMap<>();
        for (ManifestCodec codec : codecs) {
            String name = codec.name().toLowerCase(Locale.ROOT);
            ManifestCodec earlier = map.putIfAbsent(name, codec);
            if (earlier != null) {
                throw new SnapshotException(ErrorCode.NOT_AVAILABLE, "two codecs claim the name '" + name
                        + "': " + earlier.getClass().getName() + " and " + codec.getClass().getName()
                        + "; remove one of them from the classpath");
            }
        }
        this.byName = map;
        this.problems = problems;
    }

    /** The codecs visible to this class's class loader (or the thread's context loader). */
    public static Codecs load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : Codecs.class.getClassLoader());
    }

    public static Codecs load(ClassLoader classLoader) {
        ProviderLoader.Loaded<ManifestCodec> loaded = ProviderLoader.load(ManifestCodec.class, classLoader);
        return new Codecs(loaded.providers(), loaded.problems());
    }

    /** A registry of exactly these codecs, for tests and embedding. */
    public static Codecs of(List<ManifestCodec> codecs) {
        return new Codecs(codecs, List.of());
    }

    public ManifestCodec byName(String name) {
        ManifestCodec codec = byName.get(name.toLowerCase(Locale.ROOT));
        if (codec != null) {
            return codec;
        }
        String module = KnownModules.forCodec(name.toLowerCase(Locale.ROOT));
        if (module == null) {
            // a name no codec has is what was typed wrong, not what is installed
            throw SnapshotException.badInput("no codec named '" + name + "'; available formats: " + namesOrNone());
        }
        throw new SnapshotException(ErrorCode.NOT_AVAILABLE, "the format '" + name + "' needs the " + module
                + " module on the classpath; available formats: " + namesOrNone());
    }

    /** The codec whose file extension ends {@code fileName}, longest extension first. */
    public Optional<ManifestCodec> byFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return byName.values().stream()
                .filter(c -> lower.endsWith("." + c.fileExtension().toLowerCase(Locale.ROOT)))
                .max(Comparator.comparingInt(c -> c.fileExtension().length()));
    }

    /**
     * Reads the first bytes of {@code in}, lets every codec score them, and returns the best with a
     * stream that replays the bytes read. Fails with the list of formats when none matches.
     */
    public Detected detect(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, Math.max(8192, ManifestCodec.PROBE_BYTES));
        buffered.mark(ManifestCodec.PROBE_BYTES);
        byte[] head = new byte[ManifestCodec.PROBE_BYTES];
        int length = buffered.readNBytes(head, 0, head.length);
        buffered.reset();
        ManifestCodec best = null;
        MatchStrength bestStrength = MatchStrength.NO_MATCH;
        for (ManifestCodec codec : byName.values()) {
            MatchStrength strength = codec.probe(head, length);
            if (strength.compareTo(bestStrength) > 0) {
                best = codec;
                bestStrength = strength;
            }
        }
        if (best == null) {
            String what = length == 0 ? "it is empty" : "no codec recognises its first bytes";
            throw new SnapshotException(ErrorCode.CORRUPT_SNAPSHOT,
                    "not a jetsnap snapshot: " + what + "; formats available: " + namesOrNone());
        }
        return new Detected(best, bestStrength, buffered);
    }

    /** The result of {@link #detect}: the codec and the stream to hand it, from the first byte. */
    public record Detected(ManifestCodec codec, MatchStrength strength, InputStream stream) {
        /** The detected codec's reader of the stream. */
        public ManifestReader newReader() throws IOException {
            return codec.newReader(stream);
        }
    }

    /** The reader of a snapshot in whichever codec {@link #detect} finds it to be. */
    public ManifestReader newReader(InputStream in) throws IOException {
        return detect(in).newReader();
    }

    public List<ManifestCodec> all() {
        return List.copyOf(byName.values());
    }

    public List<ProviderInfo> describe() {
        List<ProviderInfo> infos = new ArrayList<>();
        for (ManifestCodec c : byName.values()) {
            infos.add(new ProviderInfo(c.name(), c.fileExtension(), c.getClass().getName(), ProviderLoader.originOf(c)));
        }
        return infos;
    }

    /** Providers that were listed but could not be loaded. */
    public List<String> problems() {
        return problems;
    }

    private String namesOrNone() {
        return byName.isEmpty() ? "none (add jetsnap-format-json or jetsnap-format-cbor)"
                : byName.keySet().stream().collect(Collectors.joining(", "));
    }
}
