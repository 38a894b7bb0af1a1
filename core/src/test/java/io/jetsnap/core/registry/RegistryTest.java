package io.jetsnap.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.SnapshotStoreProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;




class RegistryTest {
    /** A codec that recognises input starting with its own marker. */
    public static class MarkerCodec implements ManifestCodec {
        private final String name;
        private final String marker;

        public MarkerCodec() {
            this("marker", "MARK");
        }

        MarkerCodec(String name, String marker) {
            this.name = name;
            this.marker = marker;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String fileExtension() {
            return name + ".bin";
        }

        @Override
        public MatchStrength probe(byte[] head, int length) {
            String s = new String(head, 0, length, StandardCharsets.ISO_8859_1);
            return s.startsWith(marker) ? MatchStrength.FULL : s.startsWith(marker.substring(0, 1)) ? MatchStrength.WEAK : MatchStrength.NO_MATCH;
        }

        @Override
        public ManifestWriter newWriter(OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ManifestReader newReader(InputStream in) {
            throw new UnsupportedOperationException();
        }
    }

    /** A provider whose construction fails, as a broken plugin would. */
    public static class BrokenCodec extends MarkerCodec {
        public BrokenCodec() {
            throw new IllegalStateException("broken on purpose");
        }
    }

    @Test
    void detectPicksTheStrongestMatchAndReplaysTheBytes() throws Exception {
        Codecs codecs = Codecs.of(List.of(new MarkerCodec("weak", "MX"), new MarkerCodec("full", "MARK")));
        Codecs.Detected d = codecs.detect(new ByteArrayInputStream("MARK and more".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("full", d.codec().name());
        assertEquals(MatchStrength.FULL, d.strength());
        assertEquals("MARK and more", new String(d.stream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void unknownFormatListsTheFormatsAvailable() {
        Codecs codecs = Codecs.of(List.of(new MarkerCodec()));
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> codecs.detect(new ByteArrayInputStream("zzz".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
        assertTrue(e.getMessage().contains("formats available: marker"), e.getMessage());
    }

    @Test
    void missingCodecNamesTheModuleToAdd() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> Codecs.of(List.of(new MarkerCodec())).byName("cbor"));
        assertEquals(ErrorCode.NOT_AVAILABLE, e.code());
        assertTrue(e.getMessage().contains("jetsnap-format-cbor"), e.getMessage());
        assertTrue(e.getMessage().contains("marker"), e.getMessage());
    }

    @Test
    void aNameNoCodecOrStoreHasIsABadInputListingWhatThereIs() {
        SnapshotException codec = assertThrows(SnapshotException.class, () -> Codecs.of(List.of(new MarkerCodec())).byName("avro"));
        assertEquals(ErrorCode.BAD_INPUT, codec.code());
        assertTrue(codec.getMessage().contains("available formats: marker"), codec.getMessage());
        SnapshotException empty = assertThrows(SnapshotException.class, () -> Codecs.of(List.of(new MarkerCodec())).byName(""));
        assertEquals(ErrorCode.BAD_INPUT, empty.code());
        SnapshotException store = assertThrows(SnapshotException.class, () -> Stores.of(List.of()).open("foo://x", Map.of()));
        assertEquals(ErrorCode.BAD_INPUT, store.code());
    }

    @Test
    void missingStoreNamesTheModuleToAdd() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> Stores.of(List.of()).open("s3://bucket/key", Map.of()));
        assertTrue(e.getMessage().startsWith("s3:// needs the jetsnap-storage-s3 module on the classpath"), e.getMessage());
    }

    @Test
    void twoProvidersClaimingOneNameAreRejected() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> Codecs.of(List.of(new MarkerCodec("same", "A"), new MarkerCodec("SAME", "B"))));
        assertTrue(e.getMessage().contains("two codecs claim the name 'same'"), e.getMessage());
        SnapshotStoreProvider p = new SnapshotStoreProvider() {
            @Override
            public String scheme() {
                return "mem";
            }

            @Override
            public SnapshotStore open(Map<String, String> settings) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(SnapshotException.class, () -> Stores.of(List.of(p, p)));
    }

    @Test
    void oneBrokenProviderDoesNotHideTheOthers(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ManifestCodec.class.getName()),
                BrokenCodec.class.getName() + "\n" + MarkerCodec.class.getName() + "\nno.such.Codec\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Codecs codecs = Codecs.load(loader);
            assertEquals(List.of("marker"), codecs.all().stream().map(ManifestCodec::name).toList());
            assertEquals(2, codecs.problems().size(), codecs.problems()::toString);
        }
    }

    @Test
    void locationsWithoutSchemeAreFiles() {
        assertEquals("file", Stores.schemeOf("./orders.snapshot"));
        assertEquals("file", Stores.schemeOf("/tmp/x:y"));
        assertEquals("file", Stores.schemeOf("C:\\snapshots\\x"));
        assertEquals("file", Stores.schemeOf("file:/tmp/x"));
        assertEquals("s3", Stores.schemeOf("S3://bucket/key"));
        assertSame(null, KnownModules.forScheme("nope"));
    }
}
