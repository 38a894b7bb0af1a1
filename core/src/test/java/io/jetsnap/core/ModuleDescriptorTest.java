package io.jetsnap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;



/** The module exports the front door, the model and the SPIs, and keeps the engine to itself. */
class ModuleDescriptorTest {
    @Test
    void exportsTheApiAndNotTheEngine() throws URISyntaxException {
        ModuleDescriptor core = descriptor();
        Set<String> exported = core.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("io.jetsnap.core", "io.jetsnap.core.batch", "io.jetsnap.core.catalog",
                "io.jetsnap.core.digest", "io.jetsnap.core.model", "io.jetsnap.core.read", "io.jetsnap.core.registry",
                "io.jetsnap.core.spi")), exported);
        assertTrue(core.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
        for (String internal : core.packages()) {
            if (internal.startsWith("io.jetsnap.core.jetstream") || internal.startsWith("io.jetsnap.core.restore")
                    || internal.startsWith("io.jetsnap.core.snapshot")) {
                assertTrue(!exported.contains(internal), internal + " is the engine's and must stay unexported");
            }
        }
        assertTrue(core.packages().contains("io.jetsnap.core.restore.plan"), "the descriptor is of this build: " + core.packages());
    }

    @Test
    void usesBothServiceInterfaces() throws URISyntaxException {
        assertEquals(Set.of("io.jetsnap.core.spi.ManifestCodec", "io.jetsnap.core.spi.SnapshotStoreProvider"),
                descriptor().uses());
    }

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        Path classes = Path.of(Jetsnap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).find("io.jetsnap.core").map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module io.jetsnap.core at " + classes));
    }
}
