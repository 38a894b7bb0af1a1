package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.batch.ManyStreams;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.StreamFilter;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.RestoreResult;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.SnapshotResult;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The library's run over many streams: a stream that fails is recorded, and the others carry on. */
class ManyStreamsTest {
    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aStreamThatVanishesMidRunIsRecordedAsFailedAndTheOthersAreSnapshotted(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            for (String s : List.of("m_a", "m_b", "m_c")) {
                nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(s).subjects(s + ".>").build());
                nc.jetStream().publish(s + ".x", new byte[] {1, 2, 3});
            }
            Jetsnap jetsnap = Jetsnap.builder().build();
            ManyStreams.Listener deleteTheNext = new ManyStreams.Listener() {
                @Override
                public void starting(String stream) {
                    if (stream.equals("m_a")) {
                        delete(nc, "m_b");
                    }
                }
            };
            ManyStreams.Run<SnapshotResult> run = new ManyStreams(jetsnap, deleteTheNext).snapshotAll(nc,
                    new StreamFilter(List.of("m_*"), List.of(), true), SnapshotRequest.of("*"), dir.toString(), null);
            assertEquals(List.of("m_a", "m_b", "m_c"), run.outcomes().stream().map(ManyStreams.Outcome::stream).toList());
            assertEquals(1, run.failures());
            assertEquals(ErrorCode.NOT_FOUND, run.outcomes().get(1).error().code());

            SnapshotIndex index = new ManyStreams(jetsnap, ManyStreams.Listener.NONE).readIndex(run.index());
            assertEquals(List.of("ok", "failed", "ok"), index.entries().stream().map(SnapshotIndex.Entry::status).toList());
            assertTrue(index.entries().get(1).error().contains("m_b"), index.toString());
            assertNull(index.entries().get(1).name());

            delete(nc, "m_a");
            delete(nc, "m_c");
            ManyStreams.Run<RestoreResult> restored = new ManyStreams(jetsnap, ManyStreams.Listener.NONE)
                    .restoreAll(nc, StreamFilter.ALL, RestoreRequest.of("*"), dir.toString());
            assertEquals(run.index(), restored.index());
            assertEquals(1, restored.failures());
            assertTrue(restored.outcomes().get(1).error().getMessage().contains("it had failed"));
            assertEquals(1, nc.jetStreamManagement().getStreamInfo("m_a").getStreamState().getMsgCount());
            assertEquals(1, nc.jetStreamManagement().getStreamInfo("m_c").getStreamState().getMsgCount());
        }
    }

    private static void delete(Connection nc, String stream) {
        try {
            nc.jetStreamManagement().deleteStream(stream);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }
}
