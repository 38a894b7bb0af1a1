package io.jetsnap.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.ManifestCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;




/** Which codec a snapshot is written with, and what contradicts it: decided from names alone, before anything is written. */
class CodecForTest {
    /** A codec of this name, extension and options; it writes and reads nothing. */
    private static ManifestCodec named(String name, String extension, Set<String> options) {
        return new RegistryTest.MarkerCodec(name, "M") {
            @Override
            public String fileExtension() {
                return extension;
            }

            @Override
            public Set<String> optionNames() {
                return options;
            }
        };
    }

    private static final Codecs CODECS = Codecs.of(List.of(named("json", "json", Set.of()),
            named("cbor", "cbor.zst", Set.of("zstd.level", "zstd.workers"))));

    private static Jetsnap jetsnap(Map<String, String> options) {
        return Jetsnap.builder().codecs(CODECS).codecOptions(options).build();
    }

    private static String codec(String location, String format) {
        return jetsnap(Map.of()).codecFor(location, format).name();
    }

    @Test
    void theDefaultIsCborAndAnExtensionChooses() {
        assertEquals("cbor", Jetsnap.DEFAULT_FORMAT);
        assertEquals("cbor", codec("/backups/", null));
        assertEquals("cbor", codec("/backups/orders.snapshot", null));
        assertEquals("cbor", codec("s3://b/nightly/", null));
        assertEquals("json", codec("/backups/orders.json", null));
        assertEquals("json", codec("/backups/ORDERS.JSON", null));
        assertEquals("cbor", codec("/backups/orders.cbor.zst", null));
        assertEquals("json", codec("/backups/orders.snapshot", "json"));
        assertEquals("json", codec("/backups/orders.json", "json"));
    }

    @Test
    void aNameWhoseExtensionIsAnotherCodecsIsRefused() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> codec("/backups/orders.json", "cbor"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertEquals("the format asked for is cbor, but /backups/orders.json ends in .json, the extension of json; "
                + "name it .cbor.zst, or ask for json", e.getMessage());
        assertEquals(ErrorCode.BAD_INPUT, assertThrows(SnapshotException.class,
                () -> codec("s3://b/orders.cbor.zst", "json")).code());
    }

    @Test
    void anOptionTheCodecDoesNotHaveIsRefusedNamingWhoHasIt() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> jetsnap(Map.of("zstd.level", "3")).codecFor("/b/orders.json", null));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertEquals("the json codec has no option zstd.level; zstd.level is an option of the cbor codec", e.getMessage());
        SnapshotException unknown = assertThrows(SnapshotException.class,
                () -> jetsnap(Map.of("zstd.bogus", "1")).codecFor("/b/", null));
        assertTrue(unknown.getMessage().equals("the cbor codec has no option zstd.bogus (its options: zstd.level, zstd.workers)"),
                unknown.getMessage());
        assertEquals("cbor", jetsnap(Map.of("zstd.level", "9")).codecFor("/b/", null).name());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertEquals(ErrorCode.BAD_INPUT, assertThrows(SnapshotException.class, () -> codec("/b/", "")).code());
        assertEquals(ErrorCode.BAD_INPUT, assertThrows(SnapshotException.class, () -> codec("/b/", "avro")).code());
    }
}
