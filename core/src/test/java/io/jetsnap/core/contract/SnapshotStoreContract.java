package io.jetsnap.core.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;




/**
 * What every {@link io.jetsnap.core.spi.SnapshotStore} must do. A store module's test extends this
 * class; each test method gets a fresh instance, so implementations may create a fresh temporary
 * area per instance (a JUnit {@code @TempDir} field, a random key prefix).
 */
public abstract class SnapshotStoreContract {
    /** The store under test. */
    protected abstract SnapshotStore store();

    /** A location inside {@link #container()} where nothing exists yet. */
    protected abstract String location(String name);

    /** A location naming an empty container, fresh for each test, that holds every {@link #location}. */
    protected abstract String container();

    /** Writes {@code content} in chunks of uneven sizes, as a codec would. */
    protected static void writeInChunks(OutputStream out, byte[] content) throws IOException {
        Random random = new Random(content.length);
        int offset = 0;
        while (offset < content.length) {
            int chunk = Math.min(content.length - offset, random.nextInt(3) == 0 ? 1 : random.nextInt(100_000));
            if (chunk == 1) {
                out.write(content[offset]);
            } else {
                out.write(content, offset, chunk);
            }
            offset += chunk;
        }
    }

    protected final StoredSnapshot commit(String location, byte[] content) throws IOException {
        try (PendingSnapshot pending = store().create(location, "unused.snapshot")) {
            writeInChunks(pending.output(), content);
            return pending.commit();
        }
    }

    protected final byte[] readAll(String location) throws IOException {
        try (InputStream in = store().openRead(location)) {
            return in.readAllBytes();
        }
    }

    protected final void assertNotFound(String location) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> readAll(location), location);
        assertEquals(ErrorCode.NOT_FOUND, e.code(), e::getMessage);
    }

    protected final Map<String, StoredSnapshot> listContainer() throws IOException {
        return store().list(container()).stream()
                .collect(Collectors.toMap(StoredSnapshot::location, s -> s));
    }

    @Test
    void uncommittedSnapshotIsNotVisible() throws IOException {
        String location = location("pending.snapshot");
        try (PendingSnapshot pending = store().create(location, "unused.snapshot")) {
            writeInChunks(pending.output(), SampleSnapshots.randomBytes(1, 200_000));
            pending.output().flush();
            assertNotFound(location);
            assertNotFound(pending.location());
            assertEquals(Map.of(), listContainer());
        }
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        String location = location("abandoned.snapshot");
        PendingSnapshot pending = store().create(location, "unused.snapshot");
        writeInChunks(pending.output(), SampleSnapshots.randomBytes(2, 100_000));
        pending.close();
        pending.close();
        assertNotFound(location);
        assertEquals(Map.of(), listContainer());
    }

    @Test
    void committedSnapshotReadsBackByteExact() throws IOException {
        String location = location("big.snapshot");
        byte[] content = SampleSnapshots.randomBytes(3, 5 * 1024 * 1024 + 17);
        StoredSnapshot stored = commit(location, content);
        assertEquals(content.length, stored.size());
        assertArrayEquals(content, readAll(location));
        assertArrayEquals(content, readAll(stored.location()));
    }

    @Test
    void emptySnapshotCanBeCommitted() throws IOException {
        String location = location("empty.snapshot");
        assertEquals(0, commit(location, new byte[0]).size());
        assertArrayEquals(new byte[0], readAll(location));
    }

    @Test
    void pendingLocationIsWhereTheCommittedSnapshotIs() throws IOException {
        String location = location("named.snapshot");
        try (PendingSnapshot pending = store().create(location, "unused.snapshot")) {
            pending.output().write(42);
            StoredSnapshot stored = pending.commit();
            assertEquals(pending.location(), stored.location());
        }
    }

    @Test
    void closingAfterCommitKeepsTheSnapshot() throws IOException {
        String location = location("kept.snapshot");
        PendingSnapshot pending = store().create(location, "unused.snapshot");
        pending.output().write(new byte[] {1, 2, 3});
        pending.commit();
        pending.close();
        assertArrayEquals(new byte[] {1, 2, 3}, readAll(location));
    }

    @Test
    void createInAContainerUsesTheDefaultName() throws IOException {
        StoredSnapshot stored;
        try (PendingSnapshot pending = store().create(container(), "orders-20261129.json")) {
            assertTrue(pending.location().endsWith("orders-20261129.json"), pending.location());
            pending.output().write(new byte[] {9, 8, 7});
            stored = pending.commit();
        }
        assertTrue(stored.location().endsWith("orders-20261129.json"), stored.location());
        assertArrayEquals(new byte[] {9, 8, 7}, readAll(stored.location()));
        assertEquals(List.of(stored.location()), List.copyOf(listContainer().keySet()));
    }

    /**
     * What a restore verified is what it loads: a pinned snapshot reads the same bytes every time,
     * and once the snapshot is replaced it gives the bytes first read or refuses, never the new ones.
     */
    @Test
    void aPinnedSnapshotNeverReadsAReplacement() throws IOException {
        String location = location("pinned.snapshot");
        byte[] first = {1, 2, 3, 4, 5, 6};
        commit(location, first);
        try (io.jetsnap.core.spi.PinnedSnapshot pinned = store().openPinned(location)) {
            try (java.io.InputStream in = pinned.open()) {
                assertArrayEquals(first, in.readAllBytes());
            }
            try (PendingSnapshot pending = store().create(location, "unused.snapshot", true)) {
                writeInChunks(pending.output(), new byte[] {9, 9});
                pending.commit();
            }
            try (java.io.InputStream in = pinned.open()) {
                assertArrayEquals(first, in.readAllBytes(), "the bytes first read, or a refusal");
            } catch (io.jetsnap.core.SnapshotException refused) {
                assertEquals(io.jetsnap.core.ErrorCode.BAD_INPUT, refused.code(), refused.getMessage());
                org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("pinned.snapshot"), refused.getMessage());
            }
        }
        assertArrayEquals(new byte[] {9, 9}, readAll(location));
    }

    @Test
    void commitReplacesAnExistingSnapshotOnlyWhenAsked() throws IOException {
        String location = location("replaced.snapshot");
        commit(location, new byte[] {1, 1, 1, 1});
        io.jetsnap.core.SnapshotException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.jetsnap.core.SnapshotException.class, () -> commit(location, new byte[] {3}));
        assertEquals(io.jetsnap.core.ErrorCode.BAD_INPUT, refused.code());
        assertArrayEquals(new byte[] {1, 1, 1, 1}, readAll(location));
        try (PendingSnapshot pending = store().create(location, "unused.snapshot", true)) {
            writeInChunks(pending.output(), new byte[] {2, 2});
            pending.commit();
        }
        assertArrayEquals(new byte[] {2, 2}, readAll(location));
    }

    @Test
    void twoSnapshotsGivenOneGeneratedNameBothKeepTheirOwn() throws IOException {
        try (PendingSnapshot first = store().create(container(), "same-20261129T031500Z.json");
             PendingSnapshot second = store().create(container(), "same-20261129T031500Z.json")) {
            writeInChunks(first.output(), new byte[] {1});
            writeInChunks(second.output(), new byte[] {2, 2});
            StoredSnapshot a = first.commit();
            StoredSnapshot b = second.commit();
            org.junit.jupiter.api.Assertions.assertNotEquals(a.location(), b.location());
            assertArrayEquals(new byte[] {1}, readAll(a.location()));
            assertArrayEquals(new byte[] {2, 2}, readAll(b.location()));
            org.junit.jupiter.api.Assertions.assertTrue(b.location().endsWith("same-20261129T031500Z-2.json"), b.location());
        }
    }

    @Test
    void listShowsCommittedSnapshotsWithTheirSize() throws IOException {
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        StoredSnapshot a = commit(location("a.snapshot"), new byte[10]);
        StoredSnapshot b = commit(location("b.snapshot"), new byte[20_000]);
        Map<String, StoredSnapshot> listed = listContainer();
        assertEquals(2, listed.size(), listed::toString);
        assertEquals(10, listed.get(a.location()).size());
        assertEquals(20_000, listed.get(b.location()).size());
        for (StoredSnapshot s : listed.values()) {
            assertNotNull(s.modified());
            assertTrue(s.modified().isAfter(before), s::toString);
            assertTrue(s.modified().isBefore(Instant.now().plus(Duration.ofMinutes(5))), s::toString);
        }
    }

    @Test
    void listOfASnapshotLocationShowsThatSnapshot() throws IOException {
        StoredSnapshot stored = commit(location("single.snapshot"), new byte[33]);
        Optional<StoredSnapshot> listed = store().list(stored.location()).stream()
                .filter(s -> s.location().equals(stored.location())).findFirst();
        assertTrue(listed.isPresent(), () -> "not listed: " + stored.location());
        assertEquals(33, listed.get().size());
    }

    @Test
    void deleteRemovesACommittedSnapshot() throws IOException {
        String location = location("doomed.snapshot");
        commit(location, new byte[] {5});
        assertTrue(store().delete(location));
        assertNotFound(location);
        assertEquals(Map.of(), listContainer());
        assertFalse(store().delete(location), "a second delete finds nothing");
    }

    @Test
    void openReadOfAMissingSnapshotIsNotFound() {
        assertNotFound(location("missing.snapshot"));
    }

    @Test
    void deleteOfAMissingSnapshotReturnsFalse() throws IOException {
        assertFalse(store().delete(location("never-written.snapshot")));
    }
}
