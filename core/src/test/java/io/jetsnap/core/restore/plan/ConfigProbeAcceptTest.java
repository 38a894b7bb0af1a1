package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.ServerVersion;
import java.util.List;
import org.junit.jupiter.api.Test;




/** What a restore does with what the probe found: refuse naming every field, or note each one. */
class ConfigProbeAcceptTest {
    private static final ServerVersion SERVER = ServerVersion.parse("2.9.10");
    private static final ConfigLoss FILTER = new ConfigLoss("consumer billing", "filter_subjects", "[\"a\",\"b\"]", null,
            LostFieldMeanings.of(true, "filter_subjects"));
    private static final ConfigLoss COMPRESSION = new ConfigLoss("stream RICH", "compression", "\"s2\"", null,
            LostFieldMeanings.of(false, "compression"));

    @Test
    void lostFieldsRefuseTheRestoreNamingEachOneUnlessTheLossIsAllowed() {
        ConfigProbe.Findings findings = new ConfigProbe.Findings(List.of(COMPRESSION, FILTER), List.of());
        SnapshotException e = assertThrows(SnapshotException.class, () -> ConfigProbe.accept(findings, false, SERVER));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertEquals("nats-server 2.9.10 would not keep all of the snapshot's configuration: stream RICH: compression \"s2\" "
                + "would be dropped: its messages would be stored uncompressed; consumer billing: filter_subjects [\"a\",\"b\"] "
                + "would be dropped: the consumer would receive messages on every subject of the stream, not only on its "
                + "filter subjects; nothing was changed (to restore without them, allow the loss of configuration: "
                + "--allow-config-loss)", e.getMessage());

        List<String> notes = ConfigProbe.accept(findings, true, SERVER);
        assertEquals(2, notes.size());
        assertTrue(notes.get(1).startsWith("configuration not kept by nats-server 2.9.10: consumer billing: filter_subjects"),
                notes.get(1));
    }

    @Test
    void nothingLostIsNoNoteAndTheProbesOwnNotesAreKept() {
        assertEquals(List.of(), ConfigProbe.accept(new ConfigProbe.Findings(List.of(), List.of()), false, SERVER));
        assertEquals(List.of("checked by version"), ConfigProbe.accept(new ConfigProbe.Findings(List.of(), List.of("checked by version")),
                false, SERVER));
    }
}
