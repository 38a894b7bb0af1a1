package io.jetsnap.core.digest;

import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The codec-independent digest of a snapshot: SHA-256 over a canonical encoding of the header's
 * content and of every message, in order. Two snapshots with the same content have the same digest
 * whatever codec wrote them; any change to the header or to any message changes it.
 *
 * <p>The canonical encoding is specified in {@code docs/format.md}; in short, every value is written
 * big-endian with its length: strings as u32 byte length + UTF-8, byte arrays as u32 length + bytes,
 * times as i64 epoch seconds + i32 nanoseconds, optional values behind a 0/1 presence byte. The
 * header's {@code format_version} chooses the rule: format 2 hashes each message's header block as
 * bytes after the domain {@code jetsnap-digest/2}; format 1 hashed header lines after
 * {@code jetsnap-digest/1}, and snapshots written so are still checked by that rule.
 */
public final class ManifestDigest {
    /** The prefix of every digest string this class produces. */
    public static final String ALGORITHM_PREFIX = "sha256:";

    private final MessageDigest sha256;
    private final ByteBuffer scratch = ByteBuffer.allocate(16);
    private final MessageRecord.Sink messageSink;
    private int formatVersion;

    public ManifestDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        messageSink = sha256::update;
    }

    /**
     * Hashes the header; it comes first, and its {@code formatVersion} (1 or 2) chooses how the
     * messages are hashed.
     *
     * @throws IllegalArgumentException for a format version this class does not know
     * @throws IllegalStateException if a header was added already
     */
    public void addHeader(SnapshotHeader h) {
        if (formatVersion != 0) {
            throw new IllegalStateException("the digest has its header already");
        }
        if (h.formatVersion() < 1 || h.formatVersion() > SnapshotHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("no digest is defined for format version " + h.formatVersion());
        }
        formatVersion = h.formatVersion();
        sha256.update(("jetsnap-digest/" + formatVersion + "\n").getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 'H');
        string(h.format());
        u32(h.formatVersion());
        string(h.toolVersion());
        time(h.created());
        string(h.serverVersion());
        string(h.stream());
        string(h.streamConfigJson());
        StreamState s = h.state();
        i64(s.messages());
        i64(s.bytes());
        i64(s.firstSequence());
        i64(s.lastSequence());
        optionalTime(s.firstTime());
        optionalTime(s.lastTime());
        Long maxSeq = h.selection().maxSequence();
        if (maxSeq == null) {
            sha256.update((byte) 0);
        } else {
            sha256.update((byte) 1);
            i64(maxSeq);
        }
        optionalTime(h.selection().before());
        i64(h.selection().upToSequence());
        // consumers were added to format 1 later: a header without any digests as it always did
        if (!h.consumers().isEmpty()) {
            sha256.update((byte) 'C');
            u32(h.consumers().size());
            for (ConsumerSnapshot c : h.consumers()) {
                string(c.name());
                string(c.configJson());
                i64(c.deliveredStreamSequence());
                i64(c.deliveredConsumerSequence());
                i64(c.ackFloorStreamSequence());
                i64(c.ackFloorConsumerSequence());
            }
        }
    }

    /** Hashes the next message, by the rule of the header's format version. */
    public void addMessage(SnapshotMessage m) {
        if (formatVersion == 0) {
            throw new IllegalStateException("the digest needs the snapshot's header before its messages");
        }
        MessageRecord.encode(m, formatVersion, messageSink);
    }

    /** Returns {@code sha256:<hex>}; the digest cannot be used afterwards. */
    public String finish() {
        return ALGORITHM_PREFIX + HexFormat.of().formatHex(sha256.digest());
    }

    private void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        sha256.update(utf8);
    }

    private void optionalTime(@Nullable Instant t) {
        if (t == null) {
            sha256.update((byte) 0);
        } else {
            sha256.update((byte) 1);
            time(t);
        }
    }

    private void time(Instant t) {
        scratch.clear();
        scratch.putLong(t.getEpochSecond()).putInt(t.getNano());
        sha256.update(scratch.array(), 0, 12);
    }

    private void i64(long v) {
        scratch.clear();
        scratch.putLong(v);
        sha256.update(scratch.array(), 0, 8);
    }

    private void u32(int v) {
        scratch.clear();
        scratch.putInt(v);
        sha256.update(scratch.array(), 0, 4);
    }
}
