package io.jetsnap.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.contract.SnapshotStoreContract;
import io.jetsnap.core.registry.Stores;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest extends SnapshotStoreContract {
    @TempDir
    Path dir;

    private final SnapshotStore store = new FileSnapshotStoreProvider().open(Map.of());

    @Override
    protected SnapshotStore store() {
        return store;
    }

    @Override
    protected String location(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    protected String container() {
        return dir.toString();
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static SnapshotException assertRefused(ErrorCode code, String messagePart, Executable call) {
        SnapshotException e = assertThrows(SnapshotException.class, call);
        assertEquals(code, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains(messagePart), () -> "expected \"" + messagePart + "\" in: " + e.getMessage());
        return e;
    }

    @Test
    void providerIsFoundForTheFileSchemeAndForPlainPaths() {
        Stores stores = Stores.load();
        assertInstanceOf(FileSnapshotStoreProvider.class, stores.forScheme("file"));
        assertInstanceOf(FileSnapshotStore.class, stores.open("snapshots/orders.json", Map.of()));
        assertInstanceOf(FileSnapshotStore.class, stores.open("file:///tmp/orders.json", Map.of()));
    }

    @Test
    void temporaryFileIsHiddenBesideTheTargetAndNotNamedLikeIt() throws IOException {
        Path target = dir.resolve("orders.json");
        try (PendingSnapshot pending = store.create(target.toString(), "unused.json")) {
            pending.output().write(new byte[100]);
            List<Path> files = filesInDir();
            assertEquals(1, files.size(), files::toString);
            String name = files.get(0).getFileName().toString();
            assertTrue(name.startsWith(".orders.json.") && name.endsWith(".partial"), name);
            assertNotEquals("orders.json", name);
            assertFalse(Files.exists(target));
        }
        assertEquals(List.of(), filesInDir(), "closing without commit removes the temporary file");
    }

    @Test
    void commitLeavesOnlyTheTarget() throws IOException {
        commit(location("orders.json"), new byte[] {1, 2, 3});
        assertEquals(List.of(dir.resolve("orders.json")), filesInDir());
    }

    @Test
    void directoryLocationGetsTheDefaultName() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        try (PendingSnapshot pending = store.create(sub.toString(), "orders-1.json")) {
            assertEquals(sub.resolve("orders-1.json").toString(), pending.location());
        }
        try (PendingSnapshot pending = store.create(sub + "/", "orders-2.json")) {
            assertEquals(sub.resolve("orders-2.json").toString(), pending.location());
        }
    }

    @Test
    void missingDirectoryIsBadInput() {
        Path missing = dir.resolve("nope");
        assertRefused(ErrorCode.BAD_INPUT, "directory " + missing + " does not exist",
                () -> store.create(missing.resolve("orders.json").toString(), "unused.json"));
        assertRefused(ErrorCode.BAD_INPUT, "directory " + missing + " does not exist",
                () -> store.create(missing + "/", "orders.json"));
    }

    @Test
    void fileAsParentDirectoryIsBadInput() throws IOException {
        Path file = Files.write(dir.resolve("plain"), new byte[1]);
        assertRefused(ErrorCode.BAD_INPUT, file + " is not a directory",
                () -> store.create(file.resolve("orders.json").toString(), "unused.json"));
    }

    @Test
    void unsafeDefaultNameIsRefused() {
        for (String name : new String[] {"", ".hidden.json", "../up.json", "a/b.json"}) {
            assertRefused(ErrorCode.BAD_INPUT, "cannot be a snapshot file name", () -> store.create(container(), name));
        }
    }

    @Test
    void fileUrisAreAccepted() throws IOException {
        Path target = dir.resolve("with space.json");
        String uri = target.toUri().toString();
        assertTrue(uri.startsWith("file:///") && uri.contains("%20"), uri);
        StoredSnapshot stored = commit(uri, new byte[] {7});
        assertEquals(target.toString(), stored.location());
        assertArrayEquals(new byte[] {7}, readAll("file:" + target.toUri().getRawPath()));
        assertEquals(List.of(stored), store.list(dir.toUri().toString()));
        assertTrue(store.delete(uri));
    }

    @Test
    void directoryFileUriGetsTheDefaultName() throws IOException {
        try (PendingSnapshot pending = store.create(dir.toUri().toString(), "orders.json")) {
            assertEquals(dir.resolve("orders.json").toString(), pending.location());
        }
    }

    @Test
    void fileUrisThatAreNotAbsolutePathsAreRefused() {
        assertRefused(ErrorCode.BAD_INPUT, "file:///absolute/path", () -> store.openRead("file:relative.json"));
        assertRefused(ErrorCode.BAD_INPUT, "file:///absolute/path", () -> store.openRead("file://host/x.json"));
        assertRefused(ErrorCode.BAD_INPUT, "percent-encode", () -> store.openRead("file:///tmp/with space.json"));
    }

    @Test
    void emptyLocationIsRefused() {
        assertRefused(ErrorCode.BAD_INPUT, "the location is empty", () -> store.openRead(" "));
    }

    @Test
    void openReadOfADirectoryIsBadInput() {
        assertRefused(ErrorCode.BAD_INPUT, dir + " is a directory, not a snapshot file", () -> store.openRead(container()));
    }

    @Test
    void missingSnapshotIsNamedInTheError() {
        Path missing = dir.resolve("missing.json");
        SnapshotException e = assertRefused(ErrorCode.NOT_FOUND, "", () -> store.openRead(missing.toString()));
        assertEquals("no snapshot at " + missing, e.getMessage());
    }

    @Test
    void unreadableSnapshotIsAnIoError() throws IOException {
        Path file = Files.write(dir.resolve("secret.json"), new byte[1]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "the test runs with permission to read anything");
        SnapshotException e = assertRefused(ErrorCode.IO, "", () -> store.openRead(file.toString()));
        assertEquals("cannot read " + file + ": permission denied", e.getMessage());
    }

    @Test
    void unwritableDirectoryIsAnIoError() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(locked), "the test runs with permission to write anywhere");
        assertRefused(ErrorCode.IO, "cannot write in " + locked + ": permission denied",
                () -> store.create(locked.toString(), "orders.json"));
    }

    @Test
    void ioFailuresBecomeOneLineIoErrors() {
        Path file = dir.resolve("x.json");
        assertEquals("cannot read " + file + ": permission denied",
                FileSnapshotStore.failure("cannot read", file, new AccessDeniedException(file.toString())).getMessage());
        assertEquals("cannot save " + file + ": No space left on device", FileSnapshotStore.failure("cannot save", file,
                new FileSystemException(file.toString(), null, "No space left on device")).getMessage());
        SnapshotException e = FileSnapshotStore.failure("cannot list", dir, new IOException("Input/output error"));
        assertEquals(ErrorCode.IO, e.code());
        assertEquals("cannot list " + dir + ": Input/output error", e.getMessage());
    }

    @Test
    void listSkipsHiddenFilesTemporaryFilesAndDirectories() throws IOException {
        Files.write(dir.resolve(".hidden"), new byte[1]);
        Files.write(dir.resolve(".orders.json.1234.partial"), new byte[1]);
        Files.createDirectory(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("deeper.json"), new byte[1]);
        Files.write(dir.resolve("orders.json"), new byte[5]);
        List<StoredSnapshot> listed = store.list(container());
        assertEquals(List.of(dir.resolve("orders.json").toString()), listed.stream().map(StoredSnapshot::location).toList());
        assertEquals(5, listed.get(0).size());
    }

    @Test
    void listIsSortedByLocation() throws IOException {
        for (String name : new String[] {"c.json", "a.json", "b.json"}) {
            Files.write(dir.resolve(name), new byte[1]);
        }
        assertEquals(List.of(location("a.json"), location("b.json"), location("c.json")),
                store.list(container()).stream().map(StoredSnapshot::location).toList());
    }

    @Test
    void listOfAMissingDirectoryIsNotFound() {
        Path missing = dir.resolve("nope");
        assertRefused(ErrorCode.NOT_FOUND, "no snapshot or directory at " + missing, () -> store.list(missing.toString()));
    }

    @Test
    void deleteOfADirectoryIsRefused() {
        assertRefused(ErrorCode.BAD_INPUT, "is a directory", () -> store.delete(container()));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void commitAfterCloseIsAnError() throws IOException {
        PendingSnapshot pending = store.create(location("late.json"), "unused.json");
        pending.close();
        assertThrows(IllegalStateException.class, pending::commit);
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void anUncommittedSnapshotIsAPartialUntilClosed() throws IOException {
        try (PendingSnapshot pending = store.create(dir.toString() + "/", "s-20261129T031500Z.json")) {
            pending.output().write(new byte[] {1, 2, 3});
            pending.output().flush();
            List<StoredSnapshot> partials = store.partials(dir.toString());
            assertEquals(1, partials.size(), partials::toString);
            assertTrue(Path.of(partials.get(0).location()).getFileName().toString().startsWith(".s-20261129T031500Z.json."));
            assertEquals(List.of(), store.list(dir.toString()), "a partial is no snapshot");
        }
        assertEquals(List.of(), store.partials(dir.toString()), "closed uncommitted: gone");
    }

    @Test
    void onlyOurOwnTemporaryNamesArePartialsAndOnlyTheyAreDeletedAsSuch() throws IOException {
        Path ours = Files.write(dir.resolve(".orders.json.0123456789abcdef.partial"), new byte[5]);
        Files.write(dir.resolve(".hidden"), new byte[1]);
        Files.write(dir.resolve(".orders.json.xyz.partial"), new byte[1]);
        Files.write(dir.resolve("orders.json.0a.partial"), new byte[1]);
        assertEquals(List.of(ours.toString()), store.partials(dir.toString()).stream().map(StoredSnapshot::location).toList());
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.deletePartial(dir.resolve(".hidden").toString()));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(store.deletePartial(ours.toString()));
        assertFalse(Files.exists(ours));
        assertTrue(Files.exists(dir.resolve(".hidden")));
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        assumeFalse(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0, "mkfifo");
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.openRead(fifo.toString()));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        SnapshotException pinned = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10),
                () -> assertThrows(SnapshotException.class, () -> store.openPinned(fifo.toString())));
        assertTrue(pinned.getMessage().contains("not a regular file"), pinned.getMessage());
        SnapshotException listed = assertThrows(SnapshotException.class, () -> store.list(fifo.toString()));
        assertTrue(listed.getMessage().contains("not a regular file"), listed.getMessage());
    }
}
