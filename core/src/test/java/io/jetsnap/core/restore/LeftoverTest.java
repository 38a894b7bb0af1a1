package io.jetsnap.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.restore.plan.LoadMark;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;




/** What the next restore does with a target an interrupted restore left; no server. */
class LeftoverTest {
    private static final Instant TAKEN = Instant.parse("2026-12-02T10:00:00.123456Z");
    private static final String DIGEST = "sha256:ab12";
    private static final LoadMark MARK = new LoadMark("orders", TAKEN, DIGEST, Instant.parse("2026-12-02T10:05:00Z"));
    private static final SnapshotHeader SNAPSHOT = header("orders", TAKEN);
    private static final RestoreRequest ASKED = RestoreRequest.of("orders");
    /** The load configuration of nats-server 2.10+: private subjects only, the mark in the metadata. */
    private static final String PRIVATE = "[\"_jetsnap.clone.N1.>\",\"_jetsnap.gap.N1\"]";
    /** The load configuration of nats-server 2.9: the snapshot's subjects and the gap subject, the mark as description. */
    private static final String PUBLIC = "[\"orders.>\",\"_jetsnap.gap.N1\"]";

    @Test
    void whichTargetsAreALeftover() {
        assertTrue(Leftover.of(null).isEmpty(), "no target");
        assertTrue(Leftover.of(target("{\"name\":\"orders\",\"subjects\":[\"orders.>\"]}", 5)).isEmpty(),
                "a stream without the mark holds data of its own");
        assertTrue(Leftover.of(target("{\"description\":\"jetsnap restore in progress: of something\"}", 5)).isEmpty(),
                "a description that only looks like the mark");
        Leftover fromMetadata = Leftover.of(target(marked(PRIVATE, true), 7)).orElseThrow();
        assertEquals(new Leftover("orders", MARK, 7, true), fromMetadata);
        Leftover fromDescription = Leftover.of(target(marked(PUBLIC, false), 7)).orElseThrow();
        assertEquals(new Leftover("orders", MARK, 7, false), fromDescription);
    }

    @Test
    void aLeftoverIsAlwaysReplacedWholeEvenWhenEmpty() {
        assertTrue(Leftover.replacedWhole(target(marked(PRIVATE, true), 0)));
        assertFalse(Leftover.replacedWhole(target("{\"subjects\":[\"orders.>\"]}", 0)), "an empty stream is updated in place");
        assertTrue(Leftover.replacedWhole(target("{\"subjects\":[\"orders.>\"]}", 3)));
    }

    @Test
    void privateSubjectsAreOnlyJetsnapsOwn() {
        assertTrue(Leftover.takesOnlyPrivateSubjects("{\"subjects\":" + PRIVATE + "}"));
        assertTrue(Leftover.takesOnlyPrivateSubjects("{}"), "a stream taking no subjects takes nothing of the applications'");
        assertFalse(Leftover.takesOnlyPrivateSubjects("{\"subjects\":" + PUBLIC + "}"));
        assertFalse(Leftover.takesOnlyPrivateSubjects("{\"subjects\":[\"_jetsnapx.a\"]}"));
    }

    @Test
    void theSameSnapshotReplacesItsLeftoverOnPrivateSubjectsUnforced() {
        Optional<Leftover> leftover = Leftover.of(target(marked(PRIVATE, true), 7));
        Leftover.refuseOther(ASKED, leftover, SNAPSHOT);
        assertTrue(Leftover.request(ASKED, leftover, SNAPSHOT).force(), "goes on as if forced");
        Leftover.refuseOtherDigest(ASKED, leftover, new SnapshotSummary(SNAPSHOT, new SnapshotTrailer(9, 90, DIGEST)));
        assertTrue(leftover.orElseThrow().replacedNote().contains("was left by an interrupted jetsnap restore of the snapshot "
                + "of stream orders taken " + TAKEN));
        assertTrue(leftover.orElseThrow().previewNote(SNAPSHOT).contains("no --force needed"));
    }

    @Test
    void theSameSnapshotRefusesALeftoverOnTheSnapshotsSubjectsUnlessForced() {
        Optional<Leftover> leftover = Leftover.of(target(marked(PUBLIC, false), 7));
        SnapshotException refused = assertThrows(SnapshotException.class, () -> Leftover.refuseOther(ASKED, leftover, SNAPSHOT));
        assertEquals(ErrorCode.TARGET_NOT_EMPTY, refused.code());
        assertEquals("stream orders was left by an interrupted jetsnap restore of the snapshot of stream orders taken "
                + TAKEN + " (digest " + DIGEST + ") at 2026-12-02T10:05:00Z (it holds 7 messages, under jetsnap's load "
                + "configuration), which takes the snapshot's own subjects, so applications may have stored messages in it "
                + "since; nothing was changed (use --force to delete it and restore the snapshot whole)", refused.getMessage());
        assertFalse(Leftover.request(ASKED, leftover, SNAPSHOT).force());
        assertFalse(leftover.orElseThrow().previewNote(SNAPSHOT).contains("no --force needed"));
        Leftover.refuseOther(ASKED.withForce(true), leftover, SNAPSHOT);
    }

    @Test
    void anotherSnapshotIsRefusedUnlessForced() {
        Optional<Leftover> leftover = Leftover.of(target(marked(PRIVATE, true), 7));
        for (SnapshotHeader other : List.of(header("orders", TAKEN.plusSeconds(1)), header("billing", TAKEN))) {
            SnapshotException refused = assertThrows(SnapshotException.class, () -> Leftover.refuseOther(ASKED, leftover, other));
            assertEquals(ErrorCode.TARGET_NOT_EMPTY, refused.code());
            assertTrue(refused.getMessage().endsWith("; this is another snapshot (of stream " + other.stream() + " taken "
                    + other.created() + "); nothing was changed (run that restore again to finish it, or use --force to "
                    + "delete it and restore this snapshot)"), refused::getMessage);
            assertFalse(Leftover.request(ASKED, leftover, other).force());
            Leftover.refuseOther(ASKED.withForce(true), leftover, other);
        }
    }

    @Test
    void theSameStreamAndTimeWithAnotherDigestIsRefusedOnceVerified() {
        Optional<Leftover> leftover = Leftover.of(target(marked(PRIVATE, true), 7));
        SnapshotSummary other = new SnapshotSummary(SNAPSHOT, new SnapshotTrailer(9, 90, "sha256:cd34"));
        Leftover.refuseOther(ASKED, leftover, SNAPSHOT); // the header cannot tell
        SnapshotException refused = assertThrows(SnapshotException.class,
                () -> Leftover.refuseOtherDigest(ASKED, leftover, other));
        assertEquals(ErrorCode.TARGET_NOT_EMPTY, refused.code());
        assertTrue(refused.getMessage().contains("this snapshot has the same stream and time but digest sha256:cd34, so it "
                + "is not the same snapshot; nothing was changed (use --force"), refused::getMessage);
        Leftover.refuseOtherDigest(ASKED.withForce(true), leftover, other);
    }

    @Test
    void anEmptyLeftoverOfAnotherSnapshotIsNoReasonToRefuse() {
        Optional<Leftover> empty = Leftover.of(target(marked(PUBLIC, false), 0));
        Leftover.refuseOther(ASKED, empty, header("billing", TAKEN));
        Leftover.refuseOther(ASKED, empty, SNAPSHOT);
        Leftover.refuseOtherDigest(ASKED, empty, new SnapshotSummary(SNAPSHOT, new SnapshotTrailer(0, 0, "sha256:cd34")));
    }

    @Test
    void whatAStoppedRestoreSaysAboutRunningItAgain() {
        assertTrue(Leftover.nextRestore(true).contains("running the same restore again recognises it"));
        assertFalse(Leftover.nextRestore(true).contains("with --force"));
        assertTrue(Leftover.nextRestore(false).contains("run the restore again with --force"));
    }

    private static String marked(String subjects, boolean inMetadata) {
        Map<String, JsonValue> config = new LinkedHashMap<>();
        config.put("name", new JsonValue("orders"));
        config.put("subjects", JsApi.parse(subjects));
        MARK.writeInto(config, inMetadata);
        return new JsonValue(config).toJson();
    }

    private static SourceStream target(String configJson, long messages) {
        return new SourceStream("orders", configJson, new StreamState(messages, 0, messages == 0 ? 0 : 1, messages, null, null),
                "limits", false, false, 0);
    }

    private static SnapshotHeader header(String stream, Instant created) {
        return new SnapshotHeader(SnapshotHeader.FORMAT, SnapshotHeader.FORMAT_VERSION, "test", created, "2.10.27", stream,
                "{}", new StreamState(9, 90, 1, 9, null, null), new Selection(null, null, 9));
    }
}
