package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.JsClient;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RawPublisher;
import io.jetsnap.it.support.RestoreMethods;
import io.jetsnap.it.support.StoredBytes;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestCertificates;
import io.jetsnap.it.support.TestNatsServer;
import io.jetsnap.it.support.TlsContexts;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header blocks come back as the exact bytes the server stored, whatever a client published: read
 * by both snapshot paths (a Limits stream's consumer, a WorkQueue stream's message gets), written
 * by both codecs, restored by both methods. The originals are published byte for byte over a socket
 * of the test's own ({@link RawPublisher}); the comparison is of the stored bytes the server
 * returns ({@link StoredBytes}), message for message.
 */
class HeaderBytesTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @TempDir
    Path dir;

    /** One kind of header block other clients publish, and what jnats made of it before. */
    record Kind(String name, byte[] block) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> kinds() {
        List<Kind> kinds = List.of(
                new Kind("a UTF-8 value", utf8("NATS/1.0\r\nX-Name: Zo\u00eb\r\n\r\n")),
                new Kind("a space after the colon", utf8("NATS/1.0\r\nName: value\r\n\r\n")),
                new Kind("trailing spaces", utf8("NATS/1.0\r\nName: value   \r\nOther:x \r\n\r\n")),
                new Kind("a tab", utf8("NATS/1.0\r\nName:\tvalue\r\nOther: a\tb\t\r\n\r\n")),
                new Kind("duplicate names", utf8("NATS/1.0\r\nDup: 1\r\ndup: 2\r\nDup: 3\r\nOther: x\r\nDup: 4\r\n\r\n")),
                new Kind("an empty header block", utf8("NATS/1.0\r\n\r\n")),
                new Kind("a status line of its own", utf8("NATS/1.0 404 Not Really\r\nA: b\r\n\r\n")),
                new Kind("bytes that are not UTF-8", concat(utf8("NATS/1.0\r\nBin: "),
                        new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, (byte) 0xc3, 0x28, 0x01, 0x7f}, utf8("\r\n\r\n"))));
        List<Arguments> cases = new ArrayList<>();
        for (RetentionPolicy retention : List.of(RetentionPolicy.Limits, RetentionPolicy.WorkQueue)) {
            for (Kind kind : kinds) {
                cases.add(Arguments.of(kind, retention));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on a {1} stream")
    @MethodSource("kinds")
    void headerBlocksComeBackAsTheStoredBytes(Kind kind, RetentionPolicy retention) throws Exception {
        String stream = "hb";
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            if (jsm.getStreamNames().contains(stream)) {
                jsm.deleteStream(stream);
            }
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects("hb.>").retentionPolicy(retention).build());
            try (RawPublisher raw = RawPublisher.connect(source.url())) {
                for (int i = 1; i <= 6; i++) {
                    // messages without headers mixed in, one with the block first and last
                    raw.publish("hb." + i % 2, i % 3 == 2 ? null : kind.block(), ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            List<String> original = StoredBytes.of(nc, stream);
            assertEquals(6, original.size());
            assertSnapshotsAndRestoresExactly(stream, original, other);
        }
    }

    @Test
    void workQueueStreamThatAllowsDirectGetsKeepsNoHeadersApartFromAnEmptyBlock() throws Exception {
        String stream = "hbdirect";
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects("hbd.>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).allowDirect(true).build());
            try (RawPublisher raw = RawPublisher.connect(source.url())) {
                raw.publish("hbd.a", null, utf8("none"));
                raw.publish("hbd.a", utf8("NATS/1.0\r\n\r\n"), utf8("empty"));
                // ASCII only, so that nothing but the direct get's answer could lose the difference
                raw.publish("hbd.b", utf8("NATS/1.0\r\nA:  b \r\n\r\n"), utf8("spacing"));
                raw.publish("hbd.a", null, utf8("none again"));
            }
            List<String> original = StoredBytes.of(nc, stream);
            assertSnapshotsAndRestoresExactly(stream, original, other);
        }
    }

    @Test
    void whatTheJavaScriptClientPublishesItReadsBackAfterTheRestore() throws Exception {
        String stream = "hbjs";
        JsClient original = JsClient.of(source);
        JsClient restored = JsClient.of(target);
        original.call("stream", java.util.Map.of("config", java.util.Map.of("name", stream, "subjects", List.of("hbjs.>"))));
        original.publish(List.of(
                JsClient.Message.of("hbjs.caf\u00e9", "utf-8").withHeaders("X-Name", "Zo\u00eb", "A", "1", "B", "2", "A", "3"),
                JsClient.Message.of("hbjs.a", "no headers"),
                JsClient.Message.of("hbjs.a", "with id").withMsgId("id-1"),
                JsClient.Message.of("hbjs.a", "spacing").withRawHeaders("NATS/1.0\r\nName:  value \r\nName:\tx\r\n\r\n"),
                JsClient.Message.of("hbjs.a", "empty block").withRawHeaders("NATS/1.0\r\n\r\n")));
        List<JsClient.StoredMessage> before = original.dump(stream).messages();
        assertEquals(5, before.size());
        assertEquals(List.of(List.of("X-Name", "Zo\u00eb"), List.of("A", "1"), List.of("A", "3"), List.of("B", "2")),
                before.get(0).headers());
        for (String codec : List.of("json", "cbor")) {
            String file = dir.resolve(stream + "." + codec).toString();
            CliRun snap = CliRun.run(source.url(), "snapshot", stream, file, "--format", codec);
            assertEquals(0, snap.exitCode(), snap::toString);
            try (Connection other = target.connect()) {
                List<String> methods = RestoreMethods.of(other, "HeaderBytesTest");
                for (String method : methods) {
                    CliRun restore = CliRun.run(target.url(), "restore", stream, file, "--force", "--method", method);
                    assertEquals(0, restore.exitCode(), restore::toString);
                    List<JsClient.StoredMessage> after = restored.dump(stream).messages();
                    assertEquals(before.stream().map(JsClient.StoredMessage::withoutTime).toList(),
                            after.stream().map(JsClient.StoredMessage::withoutTime).toList(), codec + ", " + method);
                    assertEquals(before.stream().map(JsClient.StoredMessage::headers).toList(),
                            after.stream().map(JsClient.StoredMessage::headers).toList(), "as the JS client reads them");
                    if (method.equals("server")) {
                        assertEquals(before.stream().map(JsClient.StoredMessage::time).toList(),
                                after.stream().map(JsClient.StoredMessage::time).toList(), "the server-side restore keeps the times");
                    }
                }
            }
        }
    }

    @Test
    void exactHeaderBytesTravelThroughTlsWithAClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        javax.net.ssl.SSLContext tls = TlsContexts.of(certs, "client");
        try (TestNatsServer server = TestNatsServer.start(certs.serverTlsConfig());
             Connection nc = server.connect(new io.nats.client.Options.Builder().sslContext(tls))) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("hbtls").subjects("hbtls.>").build());
            try (RawPublisher raw = RawPublisher.connect(server.url(), tls)) {
                raw.publish("hbtls.a", utf8("NATS/1.0\r\nX-Name: Zo\u00eb  \r\n\r\n"), utf8("one"));
                raw.publish("hbtls.a", null, utf8("two"));
                raw.publish("hbtls.a", utf8("NATS/1.0\r\n\r\n"), utf8("three"));
            }
            List<String> original = StoredBytes.of(nc, "hbtls");
            java.util.Map<String, String> env = java.util.Map.of("NATS_URL", server.url(), "NATS_CA", certs.cert("ca").toString());
            String[] tlsFlags = {"--tlscert", certs.cert("client").toString(), "--tlskey", certs.key("client").toString()};
            String file = dir.resolve("tls.cbor").toString();
            CliRun snap = CliRun.run(env, concat(tlsFlags, "snapshot", "hbtls", file));
            assertEquals(0, snap.exitCode(), snap::toString);
            nc.jetStreamManagement().deleteStream("hbtls");
            CliRun restore = CliRun.run(env, concat(tlsFlags, "restore", "hbtls", file, "--method", "publish"));
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StoredBytes.of(nc, "hbtls"));
        }
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    /** Snapshots {@code stream} with both codecs and restores each with both methods (server-side on 2.15+) into the target. */
    private void assertSnapshotsAndRestoresExactly(String stream, List<String> original, Connection other) throws Exception {
        for (String codec : List.of("json", "cbor")) {
            String file = dir.resolve(stream + "." + codec).toString();
            Files.deleteIfExists(Path.of(file));
            CliRun snap = CliRun.run(source.url(), "snapshot", stream, file, "--format", codec);
            assertEquals(0, snap.exitCode(), snap::toString);
            List<String> methods = RestoreMethods.of(other, "HeaderBytesTest");
            for (String method : methods) {
                CliRun restore = CliRun.run(target.url(), "restore", stream, file, "--force", "--method", method);
                assertEquals(0, restore.exitCode(), restore::toString);
                StreamDump.assertSame(original, StoredBytes.of(other, stream));
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
