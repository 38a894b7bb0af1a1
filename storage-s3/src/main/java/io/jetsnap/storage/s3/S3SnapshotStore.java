package io.jetsnap.storage.s3;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.GeneratedName;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.PinnedSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots as S3 objects: {@code s3://bucket/key}, or {@code s3://bucket/prefix/} (and
 * {@code s3://bucket}) as a container in which {@link #create} names the snapshot.
 *
 * <p>Writing streams into a multipart upload that is completed only on commit (see
 * {@link PendingUpload}); reading streams the object straight from GetObject. Every S3 failure is
 * a one-line {@link SnapshotException}: {@code NOT_FOUND} for a missing bucket or snapshot,
 * {@code BAD_INPUT} for a malformed location, {@code IO} for refused credentials, an unreachable
 * endpoint and the rest.
 */
public final class S3SnapshotStore implements SnapshotStore {
    private static final int READ_BUFFER = 1 << 16;
    private static final AtomicInteger UPLOADERS = new AtomicInteger();

    private final S3Connection s3;
    private final ThreadPoolExecutor uploads;

    S3SnapshotStore(S3Settings settings) {
        this.s3 = S3Connection.open(settings);
        int threads = settings.parallelParts();
        this.uploads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads());
        this.uploads.allowCoreThreadTimeOut(true);
    }

    /** The settings this store was opened with. */
    public S3Settings settings() {
        return s3.settings();
    }

    @Override
    public PendingSnapshot create(String location, String defaultName, boolean replace) {
        S3Location parsed = S3Location.parse(location);
        if (!parsed.isPrefix()) {
            checkWritable(parsed);
            if (!replace && exists(s3, parsed)) {
                throw GeneratedName.exists(parsed.toString());
            }
            String name = parsed.key().substring(parsed.key().lastIndexOf('/') + 1);
            return new PendingUpload(s3, parsed, name, replace ? PendingUpload.Commit.REPLACE : PendingUpload.Commit.NEW_OBJECT,
                    uploads);
        }
        checkWritable(parsed.resolve(defaultName));
        for (int attempt = 1; attempt <= GeneratedName.ATTEMPTS; attempt++) {
            S3Location target = parsed.resolve(GeneratedName.candidate(defaultName, attempt));
            if (!exists(s3, target)) {
                return new PendingUpload(s3, target, defaultName, PendingUpload.Commit.UNIQUE_NAME, uploads);
            }
        }
        throw GeneratedName.exhausted(parsed.toString(), defaultName);
    }

    /** Whether an object is there; false where the credentials may not ask (the conditional write still refuses it). */
    static boolean exists(S3Connection s3, S3Location object) {
        try {
            s3.client().headObject(b -> b.bucket(object.bucket()).key(object.key()));
            return true;
        } catch (SdkException e) {
            if (S3Failures.notFound(e) || S3Failures.accessDenied(e)) {
                return false;
            }
            throw s3.failures().map(e, "find", object);
        }
    }

    @Override
    public InputStream openRead(String location) {
        S3Location object = S3Location.object(location);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.client().getObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (SdkException e) {
            throw s3.failures().map(e, "read", object);
        }
        return new BufferedInputStream(new ObjectStream(in, object), READ_BUFFER);
    }

    /**
     * The object as it is now, by its ETag (and version, where the bucket keeps versions): every
     * read asks for that one ({@code If-Match}), so an object replaced since it was first read is
     * refused, not loaded unverified.
     */
    @Override
    public PinnedSnapshot openPinned(String location) {
        S3Location object = S3Location.object(location);
        HeadObjectResponse head;
        try {
            head = s3.client().headObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (SdkException e) {
            throw s3.failures().map(e, "read", object);
        }
        String etag = head.eTag();
        String version = head.versionId();
        return () -> {
            ResponseInputStream<GetObjectResponse> in;
            try {
                in = s3.client().getObject(b -> {
                    b.bucket(object.bucket()).key(object.key());
                    if (etag != null) {
                        b.ifMatch(etag);
                    }
                    if (version != null && !version.equals("null")) {
                        b.versionId(version);
                    }
                });
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw SnapshotException.badInput("the snapshot " + object + " was replaced since it was first read "
                            + "(its ETag is no longer " + etag + "); it is not loaded unverified");
                }
                throw s3.failures().map(e, "read", object);
            } catch (SdkException e) {
                throw s3.failures().map(e, "read", object);
            }
            return new BufferedInputStream(new ObjectStream(in, object), READ_BUFFER);
        };
    }

    /**
     * The snapshots at or below a location: the object it names, and every object under it taken
     * as a folder ({@code s3://b/backups} lists {@code backups/...}, not {@code backups-old.json}).
     */
    @Override
    public boolean isContainer(String location) {
        return S3Location.parse(location).isPrefix();
    }

    @Override
    public List<StoredSnapshot> list(String location) {
        S3Location at = S3Location.parse(location);
        String key = at.key();
        List<StoredSnapshot> found = new ArrayList<>();
        try {
            for (S3Object o : s3.client().listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(key)).contents()) {
                if (at.isPrefix() || o.key().equals(key) || o.key().startsWith(key + "/")) {
                    found.add(new StoredSnapshot(new S3Location(at.bucket(), o.key()).toString(), o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw s3.failures().map(e, "list", at);
        }
        found.sort(Comparator.comparing(StoredSnapshot::location));
        return found;
    }

    @Override
    public boolean delete(String location) {
        S3Location object = S3Location.object(location);
        try {
            s3.client().headObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (SdkException e) {
            if (!S3Failures.notFound(e)) {
                throw s3.failures().map(e, "find", object);
            }
            requireBucket(object);
            return false;
        }
        try {
            s3.client().deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
            return true;
        } catch (SdkException e) {
            throw s3.failures().map(e, "delete", object);
        }
    }

    @Override
    public void close() {
        uploads.shutdown();
        s3.close();
    }

    /**
     * Fails before any snapshot work if the bucket is missing, the endpoint unreachable or the
     * credentials wrong. A plain "access denied" lets the upload go on: credentials may be allowed
     * to write without being allowed to list.
     */
    private void checkWritable(S3Location target) {
        try {
            s3.client().listObjectsV2(b -> b.bucket(target.bucket()).prefix(target.key()).maxKeys(1));
        } catch (SdkException e) {
            if (!S3Failures.accessDenied(e)) {
                throw s3.failures().map(e, "write", target);
            }
        }
    }

    /** A HEAD 404 does not say whether the object or the bucket is missing; this asks about the bucket. */
    private void requireBucket(S3Location object) {
        try {
            s3.client().headBucket(b -> b.bucket(object.bucket()));
        } catch (SdkException e) {
            if (S3Failures.notFound(e)) {
                throw s3.failures().noSuchBucket(object.bucket(), e);
            }
            if (!S3Failures.accessDenied(e)) {
                throw s3.failures().map(e, "find", object);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread t = new Thread(task, "jetsnap-s3-upload-" + UPLOADERS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * An object's bytes as they arrive. SDK failures while reading (a checksum mismatch, say)
     * become {@link IOException}s; closing before the end aborts the connection rather than
     * draining the rest of the object.
     */
    private final class ObjectStream extends InputStream {
        private final ResponseInputStream<GetObjectResponse> in;
        private final S3Location object;
        private boolean ended;

        ObjectStream(ResponseInputStream<GetObjectResponse> in, S3Location object) {
            this.in = in;
            this.object = object;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                ended |= b < 0;
                return b;
            } catch (SdkException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                int n = in.read(bytes, offset, length);
                ended |= n < 0;
                return n;
            } catch (SdkException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                in.abort();
            }
            in.close();
        }

        private IOException failed(SdkException e) {
            SnapshotException mapped = s3.failures().map(e, "read", object);
            return new IOException(mapped.getMessage(), e);
        }
    }
}
