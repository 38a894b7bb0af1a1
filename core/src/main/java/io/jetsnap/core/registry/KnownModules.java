package io.jetsnap.core.registry;

import java.util.Map;

/** Which jetsnap module provides a codec or store, so that "not found" can say what to add. */
final class KnownModules {
    private static final Map<String, String> CODECS = Map.of(
            "json", "jetsnap-format-json",
            "cbor", "jetsnap-format-cbor");
    private static final Map<String, String> STORES = Map.of(
            "file", "jetsnap-storage-fs",
            "s3", "jetsnap-storage-s3");

    private KnownModules() {
    }

    static String forCodec(String name) {
        return CODECS.get(name);
    }

    static String forScheme(String scheme) {
        return STORES.get(scheme);
    }
}
