package io.jetsnap.it.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.Locale;

/**
 * A plain-jnats baseline run in a JVM of its own, started the way the CLI is ({@link ChildJvm}):
 * its JIT starts cold, as the CLI's does, where the benchmark's own baselines run in a JVM that
 * has already filled the stream. Prints the time the work took (after connecting, before
 * exiting) as the CLI's {@code --json} does. A publish creates its stream and deletes it afterwards.
 *
 * <p>Arguments: {@code <url> drain <stream> <messages>} or {@code <url> publish <stream> <messages> <payload size>}.
 */
public final class FreshJvmBaseline {
    private FreshJvmBaseline() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String what = args[1];
        String stream = args[2];
        long messages = Long.parseLong(args[3]);
        Options options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
                .dontForceFlushOnRequest().errorListener(new io.nats.client.ErrorListener() { }).build();
        try (Connection nc = Nats.connect(options)) {
            long started;
            if (what.equals("drain")) {
                started = System.nanoTime();
                Baselines.drainPull(nc, stream, messages, 10_000);
            } else {
                Payloads payloads = new Payloads(Integer.parseInt(args[4]), (int) Math.min(16_384, messages), 42);
                JetStreamManagement jsm = nc.jetStreamManagement();
                jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                        .storageType(StorageType.File).build());
                started = System.nanoTime();
                Baselines.publish(nc, stream, messages, payloads, 4096);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (what.equals("publish")) {
                nc.jetStreamManagement().deleteStream(stream);
            }
            System.out.printf(Locale.ROOT, "{\"duration_seconds\":%.6f,\"messages\":%d}%n", seconds, messages);
        }
    }
}
