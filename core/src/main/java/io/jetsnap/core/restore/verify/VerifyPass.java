package io.jetsnap.core.restore.verify;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.PrefetchingReader;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.plan.BucketRename;
import io.jetsnap.core.restore.plan.DuplicateTail;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The restore's verify pass, shared by the restore and its dry run: the whole snapshot is read and
 * checked before anything changes (its digest and, for the publishing restore, every message the
 * target could not take as it was). A refusal of what the target cannot take is a
 * {@link TargetRefusal}, thrown once the whole snapshot checked out.
 *
 * <pre>
 * for each message: count what the load needs (TTLs, stored size, duplicate tail, anchors)
 *                   publishing? check it is publishable into this target; keep the first refusal
 * trailer checked (count, bytes, digest) -> the first refusal, if any
 *                                        -> sequences, gaps, placeholder bound -> Verified
 * </pre>
 */
public final class VerifyPass {
    private static final String MSG_ID = "Nats-Msg-Id";
    private static final String TTL = "Nats-TTL";
    private static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    private static final String STREAM_SOURCE = "Nats-Stream-Source";
    private static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
    private static final String EXPECTED_LAST_SUBJECT_SEQUENCE = "Nats-Expected-Last-Subject-Sequence";
    private static final String EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT = "Nats-Expected-Last-Subject-Sequence-Subject";
    /**
     * Headers whose messages cannot be published back as they were stored: a counter message is
     * stored with its running total as payload (the server refuses a payload with Nats-Incr), and a
     * batch message would open a batch that is never committed.
     */
    private static final List<String> NOT_REPUBLISHABLE = List.of("Nats-Incr", "Nats-Batch-Id");

    private final Codecs codecs;
    private final Cancellation cancellation;
    private final long maxPayload;

    /** @param maxPayload the target server's max_payload (0: unknown) */
    public VerifyPass(Codecs codecs, Cancellation cancellation, long maxPayload) {
        this.codecs = codecs;
        this.cancellation = cancellation;
        this.maxPayload = maxPayload;
    }

    /**
     * Reads the whole snapshot and checks it before anything changes: its digest, and (when the
     * messages are published back) the headers the server would act on again, as the target
     * stores them ({@code bucket} renames a bucket's subjects).
     */
    public Verified verify(SnapshotInput input, String target, BucketRename bucket, ServerVersion server, boolean serverSide,
                    @Nullable RestorePlan plan, long maxPlaceholders, ProgressListener progress) {
        try (InputStream in = input.open(); ManifestReader reader = new PrefetchingReader(codecs.newReader(in))) {
            CheckedReader checked = new CheckedReader(reader);
            long[] withTtl = {0};
            long[] statusLines = {0};
            long[] storedBytes = {0};
            String[] firstSubject = {null};
            boolean memory = plan != null && plan.memoryStorage();
            SubjectAnchors anchors = new SubjectAnchors();
            LastMsgIdAnchors msgIdAnchors = new LastMsgIdAnchors();
            long[] previous = {0};
            long[] lastSeen = {0};
            // the first refusal of what the target cannot take: thrown once the whole snapshot is checked
            SnapshotException[] refusal = {null};
            DuplicateTail duplicates = new DuplicateTail(plan != null ? plan.duplicateWindow() : Duration.ZERO, Instant.now());
            SnapshotSummary summary = checked.readAll("verify", stored -> {
                if (cancellation.isCancelled()) {
                    cancellation.check("the restore of stream " + target, " while it verified the snapshot; nothing was changed");
                }
                SnapshotMessage m = bucket.message(stored);
                if (m.headers().value(TTL) != null) {
                    withTtl[0]++;
                }
                String expectedLastId = m.headers().value(EXPECTED_LAST_MSG_ID);
                if (!serverSide && expectedLastId != null && m.sequence() > 1 && lastSeen[0] != m.sequence() - 1) {
                    // the placeholder the load puts before it carries that id (see LastMsgIdAnchors)
                    duplicates.placeholder(m.sequence() - 1, m.timestamp(), expectedLastId);
                }
                lastSeen[0] = m.sequence();
                duplicates.message(m.sequence(), m.timestamp(), m.headers().value(MSG_ID));
                if (firstSubject[0] == null) {
                    firstSubject[0] = m.subject();
                }
                storedBytes[0] += StoredSize.of(memory, m.subject().getBytes(StandardCharsets.UTF_8).length, m.headers().length(),
                        m.payload().length);
                if (serverSide || refusal[0] != null) {
                    return;
                }
                try {
                    checkPublishable(m, target, server, plan, previous, statusLines, anchors, msgIdAnchors);
                } catch (SnapshotException e) {
                    refusal[0] = e;
                }
            }, progress);
            long count = summary.trailer().messageCount();
            if (refusal[0] != null) {
                throw new TargetRefusal(refusal[0], summary.trailer());
            }
            SequenceTarget sequences = SequenceTarget.of(summary.header(), count, checked.firstSequence(), checked.lastSequence());
            if (!serverSide && plan != null && !plan.canFillGaps() && count > 0
                    && sequences.trailingGapAfter(checked.lastSequence())) {
                throw new TargetRefusal(gapsCannotBeKept(sequences.lastSequence()), summary.trailer());
            }
            Verified verified = new Verified(summary, checked.firstSequence(), checked.lastSequence(), sequences, anchors,
                    msgIdAnchors, duplicates, withTtl[0], statusLines[0], storedBytes[0], firstSubject[0]);
            if (!serverSide) {
                try {
                    PlaceholderBound.refuse(PlaceholderBound.needed(verified.loadFrom(), sequences, count), maxPlaceholders,
                            sequences);
                } catch (SnapshotException e) {
                    throw new TargetRefusal(e, summary.trailer());
                }
            }
            return verified;
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a message the publishing restore cannot put back as it was into this target, and
     * notes what the load must know of it (status lines, expected-last anchors).
     */
    private void checkPublishable(SnapshotMessage m, String target, ServerVersion server, @Nullable RestorePlan plan,
                                  long[] previous, long[] statusLines, SubjectAnchors anchors,
                                         LastMsgIdAnchors msgIdAnchors) {
        if (plan != null && !plan.loadsUnderPrivateSubjects() && !plan.takes(m.subject())) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " has subject "
                    + m.subject() + ", which the stream's subjects " + plan.finalSubjects() + " do not take (it "
                    + "was stored before the subjects were changed, rewritten by a subject transform, or copied in "
                    + "by a source); nats-server " + server + " can store a published message only under a subject "
                    + "the stream takes; nothing was changed (restore into nats-server 2.10 or newer)");
        }
        long size = m.payload().length + m.headers().length();
        if (maxPayload > 0 && size > maxPayload) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " is " + size
                    + " bytes with its headers, more than the server's max_payload of " + maxPayload
                    + " bytes, so it cannot be published back; nothing was changed (raise max_payload on the "
                    + "target server)");
        }
        if (plan != null && !plan.canFillGaps() && previous[0] > 0 && m.sequence() > previous[0] + 1) {
            throw gapsCannotBeKept(m.sequence());
        }
        previous[0] = m.sequence();
        if (StatusLines.rewrittenOnPublish(server, m.headers())) {
            statusLines[0]++;
        }
        msgIdAnchors.message(m.sequence(), m.headers().value(EXPECTED_LAST_MSG_ID));
        String lastSubjectSequence = m.headers().value(EXPECTED_LAST_SUBJECT_SEQUENCE);
        if (lastSubjectSequence != null) {
            String subject = m.headers().value(EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT);
            anchors.expect(parseSequence(lastSubjectSequence), subject != null ? subject : m.subject());
        }
        if (server.atLeast(2, 15) && m.headers().value(STREAM_SOURCE) != null) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries "
                    + STREAM_SOURCE + " (it was copied in by stream sourcing), which nats-server " + server
                    + " accepts only from its own sourcing; nothing was changed (restore it into a server older "
                    + "than 2.15)");
        }
        for (String header : NOT_REPUBLISHABLE) {
            if (m.headers().value(header) != null) {
                throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries " + header
                        + ", which the server would act on again (a counter increment or an atomic batch) instead of "
                        + "storing the message as it was; restoring such streams is not supported yet; nothing was changed");
            }
        }
        String expectedStream = m.headers().value(EXPECTED_STREAM);
        if (expectedStream != null && !expectedStream.equals(target)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries "
                    + EXPECTED_STREAM + ": " + expectedStream + ", which the server refuses in a stream named "
                    + target + "; nothing was changed (restore under the name " + expectedStream + ")");
        }
    }

    /** Thrown where a snapshot's sequence gap cannot be kept by the publishing restore. */
    public static SnapshotException gapsCannotBeKept(long sequence) {
        return new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot has a sequence gap before sequence " + sequence
                + " and its stream takes no subjects, so the publishing restore cannot keep the gap; nothing was changed");
    }

    private static long parseSequence(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}
