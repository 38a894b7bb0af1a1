package io.jetsnap.storage.s3;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.GeneratedName;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A snapshot streaming into S3 while it is written, of a length nobody knows in advance.
 *
 * <p>Bytes collect in a buffer of the part size. A snapshot that never fills one is sent with a
 * single PutObject at {@link #commit()}. Otherwise the first full buffer starts a multipart upload
 * and each full buffer becomes one part, uploaded on the store's executor while the writer fills
 * the next; all parts but the last have exactly the part size (some S3-compatible stores require
 * equal parts). There are at most {@code parallelParts} buffers, the one being filled included:
 * when all of them are full or on the wire the writer waits for an upload to finish
 * (back-pressure), so memory stays below {@code partSize × parallelParts}, and parts upload in
 * parallel exactly when the writer is faster than the network.
 *
 * <p>Nothing is visible until CompleteMultipartUpload (or the PutObject) succeeds in
 * {@link #commit()}. Closing without a commit, a failed part, a failed commit or an interrupt
 * aborts the multipart upload, after the parts still on the wire have finished.
 *
 * <p>Unless a replace was asked, the PutObject and the CompleteMultipartUpload carry
 * {@code If-None-Match: *}, so that S3 refuses to store it over an object that appeared meanwhile
 * (HTTP 412): a single put under a generated name then takes the next free
 * {@link GeneratedName#candidate}; a multipart upload, bound to its key, is aborted with a clear
 * error. An endpoint that does not implement the condition (HTTP 501) is asked with a HEAD
 * instead, just before, which leaves a moment in which another writer's object could be replaced.
 */
final class PendingUpload implements PendingSnapshot {
    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private enum State { OPEN, COMMITTED, DISCARDED }

    /** How a commit treats an object that exists under the target's key. */
    enum Commit { UNIQUE_NAME, NEW_OBJECT, REPLACE }

    private final S3Connection s3;
    private final Commit mode;
    private final String name;
    private S3Location target;
    private final ExecutorService executor;
    private final int partSize;
    /** One permit per part buffer: held while the buffer is filled and while it uploads. */
    private final Semaphore buffers;
    private final Queue<byte[]> spareBuffers = new ConcurrentLinkedQueue<>();
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final AtomicReference<@Nullable SnapshotException> partFailure = new AtomicReference<>();
    private final Output output = new Output();

    private State state = State.OPEN;
    private @Nullable String uploadId;
    /** The buffer being filled; it grows to the part size while it holds the first part. */
    private byte[] buffer;
    private int filled;
    private long size;

    /**
     * @param target where the object goes; for {@link Commit#UNIQUE_NAME}, the first free name in its prefix
     * @param name the name generated, of which {@code target} is a candidate; for the other modes, the key's own
     */
    PendingUpload(S3Connection s3, S3Location target, String name, Commit mode, ExecutorService executor) {
        this.s3 = s3;
        this.target = target;
        this.name = name;
        this.mode = mode;
        this.executor = executor;
        this.partSize = s3.settings().partSize();
        this.buffers = new Semaphore(s3.settings().parallelParts() - 1); // one is the buffer below
        this.buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
    }

    @Override
    public String location() {
        return target.toString();
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /** The id of the multipart upload, once one has started; for tests. */
    @Nullable String uploadId() {
        return uploadId;
    }

    @Override
    public StoredSnapshot commit() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("the snapshot was already " + (state == State.COMMITTED ? "committed" : "discarded"));
        }
        try {
            if (uploadId == null) {
                putWhole();
            } else {
                sendPart(buffer, filled);
                completeUpload(awaitParts());
            }
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
        state = State.COMMITTED;
        releaseBuffers();
        return describe();
    }

    /** The committed object as S3 lists it; if S3 will not say (write-only credentials), as written. */
    private StoredSnapshot describe() {
        try {
            HeadObjectResponse head = s3.client().headObject(b -> b.bucket(target.bucket()).key(target.key()));
            return new StoredSnapshot(location(), head.contentLength(), head.lastModified());
        } catch (SdkException e) {
            return new StoredSnapshot(location(), size, Instant.now());
        }
    }

    /** Aborts the upload unless it was committed; never throws. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            discard();
        }
    }

    private void putWhole() {
        byte[] bytes = buffer;
        int length = filled;
        S3Location prefix = new S3Location(target.bucket(), target.key().substring(0, target.key().length() - lastSegment().length()));
        for (int attempt = firstAttempt(); ; attempt++) {
            S3Location at = mode == Commit.UNIQUE_NAME ? prefix.resolve(GeneratedName.candidate(name, attempt)) : target;
            try {
                conditionally(at, condition -> s3.client().putObject(b -> b.bucket(at.bucket()).key(at.key())
                                .contentLength((long) length).contentType(CONTENT_TYPE).ifNoneMatch(condition),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE)));
                target = at;
                return;
            } catch (SdkException e) {
                if (!taken(e)) {
                    throw s3.failures().map(e, "write", at);
                }
                if (mode != Commit.UNIQUE_NAME) {
                    throw GeneratedName.exists(at.toString());
                }
                if (attempt >= GeneratedName.ATTEMPTS) {
                    throw GeneratedName.exhausted(prefix.toString(), name);
                }
            }
        }
    }

    /** Which candidate {@code target} is: the store chose the first free one when it was created. */
    private int firstAttempt() {
        for (int attempt = 1; attempt < GeneratedName.ATTEMPTS; attempt++) {
            if (GeneratedName.candidate(name, attempt).equals(lastSegment())) {
                return attempt;
            }
        }
        return 1;
    }

    private String lastSegment() {
        return target.key().substring(target.key().lastIndexOf('/') + 1);
    }

    /**
     * Runs a request that stores an object with {@code If-None-Match: *} (null when replacing); where
     * the endpoint does not implement it, with a HEAD first and without the condition.
     */
    private void conditionally(S3Location at, java.util.function.Consumer<@Nullable String> request) {
        if (mode == Commit.REPLACE) {
            request.accept(null);
            return;
        }
        try {
            request.accept("*");
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                throw e;
            }
            if (S3SnapshotStore.exists(s3, at)) {
                throw S3Exception.builder().statusCode(412).message("the object exists").build();
            }
            request.accept(null);
        }
    }

    /** S3's answer when the condition failed: an object is there (409: another conditional write is under way). */
    private static boolean taken(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 412 || s3.statusCode() == 409);
    }

    private void startUpload() {
        try {
            uploadId = s3.client().createMultipartUpload(b -> {
                b.bucket(target.bucket()).key(target.key()).contentType(CONTENT_TYPE);
                if (s3.sendsChecksums()) {
                    b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                }
            }).uploadId();
        } catch (SdkException e) {
            throw s3.failures().map(e, "start an upload to", target);
        }
    }

    /** Hands a filled buffer, and its permit, to the executor as the next part. */
    private void sendPart(byte[] bytes, int length) {
        throwIfAPartFailed();
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new SnapshotException(ErrorCode.IO, "the snapshot for " + target + " outgrew S3's " + MAX_PARTS + " parts of "
                    + partSize + " bytes; set a larger " + S3Settings.PART_SIZE + " (" + S3Settings.envName(S3Settings.PART_SIZE) + ")");
        }
        String id = Objects.requireNonNull(uploadId);
        try {
            parts.add(executor.submit(() -> uploadPart(id, number, bytes, length)));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the S3 store was closed while " + target + " was being written", e);
        }
    }

    /** A buffer for the next part, once fewer than parallelParts are in use: this is the back-pressure. */
    private byte[] nextBuffer() {
        try {
            buffers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while uploading " + target + "; the upload was abandoned", e);
        }
        throwIfAPartFailed();
        byte[] spare = spareBuffers.poll();
        return spare != null ? spare : new byte[partSize];
    }

    private CompletedPart uploadPart(String id, int number, byte[] bytes, int length) {
        try {
            UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(target.bucket()).key(target.key())
                    .uploadId(id).partNumber(number).contentLength((long) length);
            if (s3.sendsChecksums()) {
                request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
            }
            UploadPartResponse response = s3.client().uploadPart(request.build(),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE));
            return CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumCRC32(response.checksumCRC32()).build();
        } catch (SdkException e) {
            SnapshotException failure = s3.failures().map(e, "upload part " + number + " of", target);
            partFailure.compareAndSet(null, failure);
            throw failure;
        } catch (RuntimeException e) {
            partFailure.compareAndSet(null, new SnapshotException(ErrorCode.IO, "uploading part " + number + " of " + target
                    + " failed: " + e, e));
            throw e;
        } finally {
            spareBuffers.add(bytes);
            buffers.release();
        }
    }

    private List<CompletedPart> awaitParts() {
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (Future<CompletedPart> part : parts) {
            try {
                done.add(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while uploading " + target + "; the upload was abandoned", e);
            } catch (ExecutionException e) {
                throwIfAPartFailed();
                throw new SnapshotException(ErrorCode.IO, "uploading " + target + " failed: " + e.getCause(), e.getCause());
            }
        }
        return done;
    }

    private void completeUpload(List<CompletedPart> done) {
        try {
            conditionally(target, condition -> s3.client().completeMultipartUpload(b -> b.bucket(target.bucket())
                    .key(target.key()).uploadId(uploadId).multipartUpload(m -> m.parts(done)).ifNoneMatch(condition)));
        } catch (SdkException e) {
            if (taken(e)) {
                throw new SnapshotException(ErrorCode.IO, "another snapshot was stored at " + target + " while this one was "
                        + "written; nothing was overwritten and this snapshot was discarded: run it again", e);
            }
            throw s3.failures().map(e, "complete the upload of", target);
        }
    }

    private void throwIfAPartFailed() {
        SnapshotException failure = partFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Gives up: waits for the parts on the wire (a part that lands after the abort would keep the
     * upload alive), then aborts the multipart upload. Never throws; an interrupt is kept for the caller.
     */
    private void discard() {
        state = State.DISCARDED;
        boolean interrupted = Thread.interrupted(); // an interrupted thread cannot make the abort request
        try {
            for (Future<CompletedPart> part : parts) {
                part.cancel(false);
            }
            for (Future<CompletedPart> part : parts) {
                interrupted |= awaitQuietly(part);
            }
            if (uploadId != null) {
                String id = uploadId;
                try {
                    s3.client().abortMultipartUpload(b -> b.bucket(target.bucket()).key(target.key()).uploadId(id));
                } catch (SdkException e) {
                    // the upload stays pending and invisible; a bucket lifecycle rule removes it
                }
            }
        } finally {
            releaseBuffers();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a part to finish, however it ends; returns whether the wait was interrupted. */
    private static boolean awaitQuietly(Future<CompletedPart> part) {
        boolean interrupted = false;
        while (true) {
            try {
                part.get();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                return interrupted;
            }
        }
    }

    private void releaseBuffers() {
        buffer = new byte[0];
        filled = 0;
        spareBuffers.clear();
    }

    /** Makes room in a full buffer: grows the first one, or sends it as a part and takes another. */
    private void makeRoom() {
        if (buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
            return;
        }
        try {
            if (uploadId == null) {
                startUpload();
            }
            sendPart(buffer, filled);
            filled = 0;
            buffer = nextBuffer();
        } catch (RuntimeException e) {
            discard(); // the upload cannot go on: abort it now, whatever the caller does next
            throw e;
        }
    }

    /** The stream handed to the codec. Closing it does nothing: the snapshot is committed or closed instead. */
    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            if (filled == buffer.length) {
                makeRoom();
            }
            buffer[filled++] = (byte) b;
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            ensureOpen();
            int from = offset;
            int left = length;
            while (left > 0) {
                if (filled == buffer.length) {
                    makeRoom();
                }
                int n = Math.min(left, buffer.length - filled);
                System.arraycopy(bytes, from, buffer, filled, n);
                filled += n;
                from += n;
                left -= n;
                size += n;
            }
        }

        private void ensureOpen() throws IOException {
            if (state != State.OPEN) {
                throw new IOException("the snapshot for " + target + " was already " + (state == State.COMMITTED ? "committed" : "discarded"));
            }
        }
    }
}
