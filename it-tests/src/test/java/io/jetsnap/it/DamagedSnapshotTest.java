package io.jetsnap.it;

import static io.jetsnap.it.support.CliRun.assertOneLineFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged snapshot never costs the stream it would replace: {@code restore --force} of a
 * snapshot cut short or with a flipped bit (seeded cases, for each codec) is refused in one line,
 * and the existing stream is exactly as it was.
 */
class DamagedSnapshotTest {
    private static final int FLIPS = 60;
    private static final int CUTS = 30;

    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void restoreForceOfADamagedSnapshotLeavesTheStreamAsItWas(String format, @TempDir Path dir) throws Exception {
        String stream = "keep-" + format;
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
            for (int i = 0; i < 40; i++) {
                nc.jetStream().publish(NatsMessage.builder().subject(stream + "." + i % 4)
                        .headers(new Headers().add("Nats-Msg-Id", "m" + i))
                        .data(("message " + i + " " + "x".repeat(i * 7)).getBytes(StandardCharsets.UTF_8)).build());
            }
            Path file = dir.resolve(stream + "." + format);
            assertEquals(0, CliRun.run(server.url(), "snapshot", stream, file.toString(), "--format", format).exitCode());
            byte[] whole = Files.readAllBytes(file);
            // the stream moves on after the snapshot: a restore would visibly change it
            nc.jetStream().publish(stream + ".later", "after the snapshot".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, stream);

            Random random = new Random(format.hashCode());
            Path bad = dir.resolve("bad." + format);
            int refused = 0;
            for (int i = 0; i < FLIPS + CUTS; i++) {
                byte[] damaged = i < FLIPS ? flip(whole, random) : Arrays.copyOf(whole, random.nextInt(whole.length));
                Files.write(bad, damaged);
                if (CliRun.run(server.url(), "verify", bad.toString()).exitCode() == 0) {
                    continue; // a flip that changed no content (a compressed frame's window size): not damage
                }
                CliRun restore = CliRun.run(server.url(), "restore", stream, bad.toString(), "--force");
                assertOneLineFailure(restore, 1);
                StreamDump.assertSame(before, StreamDump.of(nc, stream));
                refused++;
            }
            System.out.println("DamagedSnapshotTest: " + format + ": " + refused + " of " + (FLIPS + CUTS)
                    + " damaged snapshots refused by restore --force, the stream untouched each time");
            assertEquals(FLIPS + CUTS, refused, 2.0, "nearly every case is damage");
        }
    }

    private static byte[] flip(byte[] whole, Random random) {
        byte[] copy = whole.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }
}
