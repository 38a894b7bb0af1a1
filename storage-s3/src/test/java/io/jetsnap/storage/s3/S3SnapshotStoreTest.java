package io.jetsnap.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.core.contract.SnapshotStoreContract;
import io.jetsnap.core.registry.Stores;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The store contract and S3's own cases, against S3Proxy on loopback with signature v4. */
class S3SnapshotStoreTest extends SnapshotStoreContract {
    private static final String BUCKET = "jetsnap-test";
    private static final int MIB = 1024 * 1024;
    private static S3ProxyServer server;

    /** A fresh prefix per test: the contract wants an empty container each time. */
    private final String prefix = "t-" + UUID.randomUUID() + "/";
    private final SnapshotStore store = open(Map.of());

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Override
    protected SnapshotStore store() {
        return store;
    }

    @Override
    protected String location(String name) {
        return container() + name;
    }

    @Override
    protected String container() {
        return "s3://" + BUCKET + "/" + prefix;
    }

    private static SnapshotStore open(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(server.settings());
        settings.putAll(overrides);
        return new S3SnapshotStoreProvider().open(settings);
    }

    private static SnapshotStore smallParts() {
        return open(Map.of(S3Settings.PART_SIZE, "5MiB"));
    }

    private String key(String name) {
        return prefix + name;
    }

    private static SnapshotException assertRefused(ErrorCode code, String messagePart, Executable call) {
        SnapshotException e = assertThrows(SnapshotException.class, call);
        assertEquals(code, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains(messagePart), () -> "expected \"" + messagePart + "\" in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e::getMessage);
        return e;
    }

    private void assertNothingLeft(String name) {
        assertFalse(server.exists(BUCKET, key(name)), "no object " + name);
        assertEquals(List.of(), server.pendingUploads(BUCKET), "no pending multipart upload");
    }

    @Test
    void providerIsFoundForTheS3Scheme() throws IOException {
        Stores stores = Stores.load();
        assertInstanceOf(S3SnapshotStoreProvider.class, stores.forScheme("s3"));
        try (SnapshotStore s = stores.open("s3://bucket/key", server.settings())) {
            assertInstanceOf(S3SnapshotStore.class, s);
        }
    }

    @Test
    void snapshotOfSeveralPartsReadsBackByteExactWithNoUploadLeft() throws IOException {
        byte[] content = SampleSnapshots.randomBytes(23, 23 * MIB + 12_345);
        try (SnapshotStore s = smallParts(); PendingSnapshot pending = s.create(location("parts.snapshot"), "unused")) {
            writeInChunks(pending.output(), content);
            assertNotNull(((PendingUpload) pending).uploadId(), "a multipart upload was started");
            assertFalse(server.exists(BUCKET, key("parts.snapshot")), "nothing visible before the commit");
            StoredSnapshot stored = pending.commit();
            assertEquals(content.length, stored.size());
        }
        assertArrayEquals(content, readAll(location("parts.snapshot")));
        String eTag = server.client().headObject(b -> b.bucket(BUCKET).key(key("parts.snapshot"))).eTag();
        assertTrue(eTag.endsWith("-5\""), () -> "five parts (4 × 5 MiB and the rest): " + eTag);
        assertEquals(List.of(), server.pendingUploads(BUCKET));
    }

    @Test
    void snapshotOfExactlyOnePartIsOnePut() throws IOException {
        byte[] content = SampleSnapshots.randomBytes(5, 5 * MIB);
        try (SnapshotStore s = smallParts(); PendingSnapshot pending = s.create(location("one.snapshot"), "unused")) {
            writeInChunks(pending.output(), content);
            assertNull(((PendingUpload) pending).uploadId(), "no multipart upload for one part");
            pending.commit();
        }
        assertArrayEquals(content, readAll(location("one.snapshot")));
    }

    @Test
    void snapshotOfOnePartAndOneByteIsTwoParts() throws IOException {
        byte[] content = SampleSnapshots.randomBytes(6, 5 * MIB + 1);
        try (SnapshotStore s = smallParts(); PendingSnapshot pending = s.create(location("two.snapshot"), "unused")) {
            writeInChunks(pending.output(), content);
            assertNotNull(((PendingUpload) pending).uploadId());
            pending.commit();
        }
        assertArrayEquals(content, readAll(location("two.snapshot")));
        assertEquals(List.of(), server.pendingUploads(BUCKET));
    }

    @Test
    void uploadClosedWithoutCommitAfterSeveralPartsLeavesNothing() throws IOException {
        try (SnapshotStore s = smallParts()) {
            PendingSnapshot pending = s.create(location("cut.snapshot"), "unused");
            writeInChunks(pending.output(), SampleSnapshots.randomBytes(7, 16 * MIB));
            assertNotNull(((PendingUpload) pending).uploadId());
            assertEquals(1, server.pendingUploads(BUCKET).size(), "the upload is pending while it is written");
            pending.close();
            pending.close();
            assertThrows(IOException.class, () -> pending.output().write(1));
            assertThrows(IllegalStateException.class, pending::commit);
        }
        assertNothingLeft("cut.snapshot");
    }

    @Test
    void failureWhileWritingAbortsTheUpload() throws IOException {
        try (SnapshotStore s = smallParts()) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (PendingSnapshot pending = s.create(location("failed.snapshot"), "unused")) {
                    writeInChunks(pending.output(), SampleSnapshots.randomBytes(8, 12 * MIB));
                    throw new IllegalStateException("the codec failed");
                }
            });
            assertEquals("the codec failed", thrown.getMessage());
        }
        assertNothingLeft("failed.snapshot");
    }

    @Test
    void failedPartFailsTheWriteAndLeavesNothing() throws IOException {
        try (SnapshotStore s = smallParts(); PendingSnapshot pending = s.create(location("lost.snapshot"), "unused")) {
            writeInChunks(pending.output(), SampleSnapshots.randomBytes(9, 6 * MIB));
            String uploadId = ((PendingUpload) pending).uploadId();
            assertNotNull(uploadId);
            // someone aborts the upload under our feet: the next parts fail
            server.client().abortMultipartUpload(b -> b.bucket(BUCKET).key(key("lost.snapshot")).uploadId(uploadId));
            SnapshotException e = assertThrows(SnapshotException.class, () -> {
                writeInChunks(pending.output(), SampleSnapshots.randomBytes(10, 12 * MIB));
                pending.commit();
            });
            assertEquals(ErrorCode.IO, e.code(), e::getMessage);
            assertTrue(e.getMessage().contains(location("lost.snapshot")), e::getMessage);
        }
        assertNothingLeft("lost.snapshot");
    }

    @Test
    void interruptAbortsTheUploadAndKeepsTheInterrupt() throws IOException {
        try (SnapshotStore s = smallParts()) {
            PendingSnapshot pending = s.create(location("interrupted.snapshot"), "unused");
            writeInChunks(pending.output(), SampleSnapshots.randomBytes(11, 11 * MIB));
            assertNotNull(((PendingUpload) pending).uploadId());
            Thread.currentThread().interrupt();
            try {
                SnapshotException e = assertThrows(SnapshotException.class,
                        () -> pending.output().write(new byte[5 * MIB]));
                assertEquals(ErrorCode.INTERRUPTED, e.code(), e::getMessage);
                pending.close();
                assertTrue(Thread.currentThread().isInterrupted(), "close keeps the interrupt for the caller");
            } finally {
                Thread.interrupted();
            }
        }
        assertNothingLeft("interrupted.snapshot");
    }

    @Test
    void wrongSecretIsAClearCredentialsError() {
        String wrongSecret = "not-the-secret-4711";
        try (SnapshotStore s = open(Map.of(S3Settings.SECRET_ACCESS_KEY, wrongSecret))) {
            for (Executable call : List.<Executable>of(() -> s.create(location("x.snapshot"), "unused"),
                    () -> s.openRead(location("x.snapshot")), () -> s.list(container()))) {
                SnapshotException e = assertRefused(ErrorCode.IO,
                        "S3 refused the credentials for bucket '" + BUCKET + "': SignatureDoesNotMatch; check AWS_ACCESS_KEY_ID", call);
                assertFalse(e.getMessage().contains(wrongSecret), e::getMessage);
                assertFalse(e.getMessage().contains(S3ProxyServer.SECRET_KEY), e::getMessage);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unknownAccessKeyIsAClearCredentialsError() throws IOException {
        try (SnapshotStore s = open(Map.of(S3Settings.ACCESS_KEY_ID, "nobody"))) {
            assertRefused(ErrorCode.IO, "S3 refused the credentials for bucket '" + BUCKET + "': InvalidAccessKeyId",
                    () -> s.create(location("x.snapshot"), "unused"));
            assertRefused(ErrorCode.IO, "S3 refused the credentials for bucket '" + BUCKET + "'",
                    () -> s.delete(location("x.snapshot")));
        }
    }

    @Test
    void missingBucketIsNotFoundNamingTheBucketAndEndpoint() {
        String expected = "S3 bucket 'no-such-bucket' does not exist (endpoint " + server.endpoint() + ")";
        assertRefused(ErrorCode.NOT_FOUND, expected, () -> store.create("s3://no-such-bucket/orders.json", "unused"));
        assertRefused(ErrorCode.NOT_FOUND, expected, () -> store.create("s3://no-such-bucket", "orders.json"));
        assertRefused(ErrorCode.NOT_FOUND, expected, () -> store.openRead("s3://no-such-bucket/orders.json"));
        assertRefused(ErrorCode.NOT_FOUND, expected, () -> store.list("s3://no-such-bucket/"));
        assertRefused(ErrorCode.NOT_FOUND, expected, () -> store.delete("s3://no-such-bucket/orders.json"));
    }

    @Test
    void missingSnapshotIsNamedInTheError() {
        SnapshotException e = assertRefused(ErrorCode.NOT_FOUND, "", () -> store.openRead(location("gone.json")));
        assertEquals("no snapshot at " + location("gone.json"), e.getMessage());
    }

    @Test
    void unreachableEndpointFailsFastWithAClearError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free, and closed again: nothing listens there
        }
        String endpoint = "http://127.0.0.1:" + port;
        long started = System.nanoTime();
        try (SnapshotStore s = open(Map.of(S3Settings.ENDPOINT, endpoint))) {
            SnapshotException e = assertRefused(ErrorCode.IO, "", () -> s.create("s3://bucket/orders.json", "unused"));
            assertEquals("could not reach S3 endpoint " + endpoint + ": connection refused", e.getMessage());
            assertRefused(ErrorCode.IO, "could not reach S3 endpoint " + endpoint, () -> s.openRead("s3://bucket/orders.json"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
    }

    @Test
    void malformedLocationsAreBadInput() {
        for (String location : new String[] {"s3:/bucket/key", "s3://", "s3:///key", "s3:bucket/key", "s3://bad bucket/key"}) {
            assertRefused(ErrorCode.BAD_INPUT, "", () -> store.openRead(location));
            assertRefused(ErrorCode.BAD_INPUT, "", () -> store.create(location, "orders.json"));
        }
        assertRefused(ErrorCode.BAD_INPUT, "s3 location must look like s3://bucket/key", () -> store.openRead("s3:///key"));
    }

    @Test
    void aPrefixIsNotASnapshot() {
        assertRefused(ErrorCode.BAD_INPUT, container() + " is a prefix, not a snapshot", () -> store.openRead(container()));
        assertRefused(ErrorCode.BAD_INPUT, "is a prefix, not a snapshot", () -> store.delete("s3://" + BUCKET));
    }

    @Test
    void bucketAloneIsAContainer() throws IOException {
        String name = "root-" + UUID.randomUUID() + ".json";
        StoredSnapshot stored;
        try (PendingSnapshot pending = store.create("s3://" + BUCKET, name)) {
            assertEquals("s3://" + BUCKET + "/" + name, pending.location());
            pending.output().write(1);
            stored = pending.commit();
        }
        assertTrue(store.list("s3://" + BUCKET).contains(stored), () -> stored + " listed as committed");
        assertTrue(store.delete(stored.location()));
    }

    @Test
    void defaultNameWithASlashIsRefused() {
        assertRefused(ErrorCode.BAD_INPUT, "cannot be a snapshot name", () -> store.create(container(), "a/b.json"));
    }

    @Test
    void listTakesTheLocationAsAFolderNotAStringPrefix() throws IOException {
        commit(location("a/b.json"), new byte[2]);
        commit(location("a/c/d.json"), new byte[2]);
        commit(location("ab.json"), new byte[3]);
        assertEquals(List.of(location("a/b.json"), location("a/c/d.json")),
                store.list(location("a")).stream().map(StoredSnapshot::location).toList());
        assertEquals(List.of(location("a/b.json"), location("a/c/d.json")),
                store.list(location("a/")).stream().map(StoredSnapshot::location).toList());
        assertEquals(List.of(location("a/b.json"), location("a/c/d.json"), location("ab.json")),
                store.list(container()).stream().map(StoredSnapshot::location).toList());
    }

    @Test
    void readingPartOfASnapshotAndClosingIsFine() throws IOException {
        commit(location("long.snapshot"), SampleSnapshots.randomBytes(12, 3 * MIB));
        try (InputStream in = store.openRead(location("long.snapshot"))) {
            assertEquals(1000, in.readNBytes(1000).length);
        }
        assertEquals(3 * MIB, readAll(location("long.snapshot")).length);
    }

    @Test
    void checksumsOnlyWhenRequiredStillRoundTrips() throws IOException {
        byte[] content = SampleSnapshots.randomBytes(13, 11 * MIB);
        try (SnapshotStore s = open(Map.of(S3Settings.PART_SIZE, "5MiB", S3Settings.CHECKSUM, "when_required"));
             PendingSnapshot pending = s.create(location("plain.snapshot"), "unused")) {
            writeInChunks(pending.output(), content);
            pending.commit();
        }
        assertArrayEquals(content, readAll(location("plain.snapshot")));
    }
}
