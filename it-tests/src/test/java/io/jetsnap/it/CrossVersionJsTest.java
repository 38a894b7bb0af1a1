package io.jetsnap.it;

import io.jetsnap.it.support.JsRoundTrip;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RandomStreamCase;
import io.jetsnap.it.support.RestoreMethods;
import io.jetsnap.it.support.ServerBinaries;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RandomJsStreamsTest}'s seeded streams across versions: written by the JavaScript client on
 * the server under test and restored into the other end of the range (2.15.1, or 2.9.10 when the
 * server under test is 2.15), and the reverse, with each restore method the target offers. A case
 * draws only what both servers can hold (it is generated for the older one); the comparison
 * allows a field only one of them reports at its zero value ({@link JsRoundTrip}).
 */
class CrossVersionJsTest {
    private static final long[] SEEDS = {1, 2, 3, 4};

    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static TestNatsServer other;
    private static String otherVersion;

    @BeforeAll
    static void startTheOtherEnd() throws Exception {
        String version;
        try (Connection nc = server.connect()) {
            version = nc.getServerInfo().getVersion();
        }
        otherVersion = JsRoundTrip.minorOf(version) >= 15 ? "2.9.10" : "2.15.1";
        // the run on 2.9.10 takes the same pair both ways; CI runs every version, and its time is bounded
        Assumptions.assumeFalse(otherVersion.equals("2.9.10") && !Boolean.getBoolean("jetsnap.crossVersion.fromNewest"),
                "the run on 2.9.10 covers 2.9.10 and 2.15.1 both ways (-Djetsnap.crossVersion.fromNewest=true runs it here too)");
        String binary = ServerBinaries.of(otherVersion);
        Assumptions.assumeTrue(binary != null, "needs nats-server " + otherVersion + " at " + ServerBinaries.where(otherVersion));
        other = TestNatsServer.start(binary, null);
    }

    @AfterAll
    static void stopTheOtherEnd() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> aRandomStreamComesBackTheSameIntoAnotherVersion() throws Exception {
        Path dir = Files.createTempDirectory("jetsnap-cross-version-js");
        End here = End.of(server.url());
        End there = End.of(other.url());
        int minor = Math.min(here.minor, there.minor);
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed : SEEDS) {
            RandomStreamCase c = RandomStreamCase.generate(seed, minor);
            tests.add(trip(c, here, there, dir));
            tests.add(trip(c, there, here, dir));
        }
        return tests.stream();
    }

    private static DynamicTest trip(RandomStreamCase c, End from, End into, Path dir) {
        return DynamicTest.dynamicTest(c.describe() + ": " + from.version + " into " + into.version, () -> {
            try {
                JsRoundTrip trip = JsRoundTrip.snapshotOf(c, from.url, from.minor, dir);
                for (String method : into.methods) {
                    trip.assertRestoresInto(into.url, into.minor, method);
                }
            } finally {
                delete(from.url, c.stream());
                delete(into.url, c.stream() + "_R");
            }
        });
    }

    /** One of the two servers: its URL, version and restore methods. */
    private record End(String url, String version, int minor, List<String> methods) {
        static End of(String url) throws Exception {
            try (Connection nc = io.nats.client.Nats.connect(url)) {
                String version = nc.getServerInfo().getVersion();
                return new End(url, version, JsRoundTrip.minorOf(version), RestoreMethods.of(nc, "CrossVersionJsTest"));
            }
        }
    }

    private static void delete(String url, String stream) throws Exception {
        try (Connection nc = io.nats.client.Nats.connect(url)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            if (jsm.getStreamNames().contains(stream)) {
                jsm.deleteStream(stream);
            }
        }
    }
}
