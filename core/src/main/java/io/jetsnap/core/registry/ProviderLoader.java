package io.jetsnap.core.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Loads every provider of one SPI, keeping the good ones when one of them is broken. */
final class ProviderLoader {
    private ProviderLoader() {
    }

    record Loaded<T>(List<T> providers, List<String> problems) {
    }

    static <T> Loaded<T> load(Class<T> spi, ClassLoader classLoader) {
        List<T> providers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(spi, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(e.getMessage());
            }
        }
        return new Loaded<>(List.copyOf(providers), List.copyOf(problems));
    }

    /** Where a provider class comes from, for listings: the jar's file name, or "classpath". */
    static String originOf(Object provider) {
        var source = provider.getClass().getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "classpath";
        }
        String path = source.getLocation().getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
