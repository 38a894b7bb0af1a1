package io.jetsnap.core.registry;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.SnapshotStoreProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stores found with {@link java.util.ServiceLoader}, chosen by the scheme of a location. */
public final class Stores {
    /** A scheme of two or more characters, so that {@code C:\dir} stays a path. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private final Map<String, SnapshotStoreProvider> byScheme;
    private final List<String> problems;

    private Stores(List<SnapshotStoreProvider> providers, List<String> problems) {
        Map<String, SnapshotStoreProvider> map = new LinkedHashMap<>();
        for (SnapshotStoreProvider p : providers) {
            String scheme = p.scheme().toLowerCase(Locale.ROOT);
            SnapshotStoreProvider earlier = map.putIfAbsent(scheme, p);
            if (earlier != null) {
                throw new SnapshotException(ErrorCode.NOT_AVAILABLE, "two stores claim the scheme '" + scheme
                        + "': " + earlier.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of them from the classpath");
            }
        }
        this.byScheme = map;
        this.problems = problems;
    }

    public static Stores load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : Stores.class.getClassLoader());
    }

    public static Stores load(ClassLoader classLoader) {
        ProviderLoader.Loaded<SnapshotStoreProvider> loaded = ProviderLoader.load(SnapshotStoreProvider.class, classLoader);
        return new Stores(loaded.providers(), loaded.problems());
    }

    public static Stores of(List<SnapshotStoreProvider> providers) {
        return new Stores(providers, List.of());
    }

    /** The scheme of a location: its URI scheme, or {@code file} for a plain path. */
    public static String schemeOf(String location) {
        Matcher m = SCHEME.matcher(location);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "file";
    }

    public SnapshotStoreProvider forScheme(String scheme) {
        SnapshotStoreProvider p = byScheme.get(scheme.toLowerCase(Locale.ROOT));
        if (p != null) {
            return p;
        }
        String module = KnownModules.forScheme(scheme.toLowerCase(Locale.ROOT));
        String available = "; available schemes: "
                + (byScheme.isEmpty() ? "none (add jetsnap-storage-fs)" : String.join(", ", byScheme.keySet()));
        if (module == null) {
            // a scheme no store has is a location typed wrong, not a module missing
            throw SnapshotException.badInput("no store handles " + scheme + ":// locations" + available);
        }
        throw new SnapshotException(ErrorCode.NOT_AVAILABLE, scheme + ":// needs the " + module + " module on the classpath"
                + available);
    }

    /** Opens the store for a location's scheme. */
    public SnapshotStore open(String location, Map<String, String> settings) {
        return forScheme(schemeOf(location)).open(settings);
    }

    public List<ProviderInfo> describe() {
        List<ProviderInfo> infos = new ArrayList<>();
        for (SnapshotStoreProvider p : byScheme.values()) {
            infos.add(new ProviderInfo(p.scheme(), p.scheme() + "://", p.getClass().getName(), ProviderLoader.originOf(p)));
        }
        return infos;
    }

    public List<String> problems() {
        return problems;
    }
}
