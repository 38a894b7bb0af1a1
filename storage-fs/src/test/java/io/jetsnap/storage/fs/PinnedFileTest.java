package io.jetsnap.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.PinnedSnapshot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file a restore verified is the file it loads, however the snapshot is replaced meanwhile. */
class PinnedFileTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotRenamedOverIsNotSeen() throws Exception {
        Path file = dir.resolve("orders.json");
        Files.write(file, new byte[] {1, 2, 3});
        try (PinnedSnapshot pinned = new FileSnapshotStore().openPinned(file.toString())) {
            Path newer = dir.resolve("newer.json");
            Files.write(newer, new byte[] {7, 7, 7, 7, 7});
            Files.move(newer, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (InputStream in = pinned.open()) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
        }
    }

    @Test
    void aSnapshotWrittenOverInPlaceIsRefused() throws Exception {
        Path file = dir.resolve("orders.json");
        Files.write(file, new byte[] {1, 2, 3, 4});
        try (PinnedSnapshot pinned = new FileSnapshotStore().openPinned(file.toString())) {
            Files.write(file, new byte[] {5, 6}); // truncated and written over, as cp does
            SnapshotException e = assertThrows(SnapshotException.class, pinned::open);
            assertEquals(ErrorCode.BAD_INPUT, e.code());
            assertTrue(e.getMessage().contains("was written over since it was first read"), e.getMessage());
        }
    }

    @Test
    void aSameSizeOverwriteIsToldByItsTime() throws Exception {
        Path file = dir.resolve("orders.json");
        Files.write(file, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L));
        try (PinnedSnapshot pinned = new FileSnapshotStore().openPinned(file.toString())) {
            Files.write(file, new byte[] {9, 9, 9, 9});
            assertThrows(SnapshotException.class, pinned::open);
        }
    }

    @Test
    void everyOpenStartsAtTheFirstByte() throws Exception {
        Path file = dir.resolve("orders.json");
        Files.write(file, new byte[] {1, 2, 3});
        try (PinnedSnapshot pinned = new FileSnapshotStore().openPinned(file.toString())) {
            try (InputStream in = pinned.open()) {
                assertEquals(1, in.read());
            }
            try (InputStream in = pinned.open()) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
        }
    }
}
