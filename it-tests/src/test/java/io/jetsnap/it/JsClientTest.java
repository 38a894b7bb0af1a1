package io.jetsnap.it;

import static io.jetsnap.it.support.JsClient.op;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.JsClient.Ack;
import io.jetsnap.it.support.JsClient.Dump;
import io.jetsnap.it.support.JsClient.Message;
import io.jetsnap.it.support.JsClient.Next;
import io.jetsnap.it.support.JsClient.StoredMessage;
import io.jetsnap.it.support.JsClient;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JavaScript client harness itself: what it publishes is what the server stores (seen through
 * jnats' own message gets), and its KV, Object Store and consumer commands work, so that tests
 * built on it compare real data.
 */
class JsClientTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The stored message {@code seq} as the server answers a message get sent with jnats (unparsed). */
    private static JsonValue stored(Connection nc, String stream, long seq) throws Exception {
        io.nats.client.Message reply = nc.request("$JS.API.STREAM.MSG.GET." + stream, utf8("{\"seq\":" + seq + "}"),
                Duration.ofSeconds(5));
        return JsonParser.parse(reply.getData()).map.get("message");
    }

    /** The header block the server stored for {@code seq} (null: none). */
    private static byte[] storedHeaderBlock(Connection nc, String stream, long seq) throws Exception {
        String hdrs = JsClient.string(stored(nc, stream, seq), "hdrs");
        return hdrs == null ? null : Base64.getDecoder().decode(hdrs);
    }

    @Test
    void headersThroughTheJsApiAndRawBlocksAreStoredAsSent() throws Exception {
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("HDRS").subjects("hdrs.>").build());
            String raw = "NATS/1.0\r\nX-Name:Zo\u00eb  \r\nSpaced:  two  \r\nA:1\r\nA:2\r\n\r\n";
            JsClient js = JsClient.of(server);
            List<Ack> acks = js.publish(List.of(
                    Message.of("hdrs.api", "api").withHeaders("X-Name", " Zo\u00eb  ", "A", "1", "B", "2", "A", "3"),
                    Message.of("hdrs.raw", "raw").withRawHeaders(raw),
                    Message.of("hdrs.empty-block", "").withRawHeaders("NATS/1.0\r\n\r\n"),
                    Message.of("hdrs.empty-api", "e").withHeaders(),
                    Message.of("hdrs.none", "n"),
                    Message.of("hdrs.core", "c").withHeaders("Core", "yes").core()));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 0L), acks.stream().map(Ack::seq).toList());

            // the JS client writes "Name: value", trims values, sends UTF-8 and groups duplicate names
            byte[] api = utf8("NATS/1.0\r\nX-Name: Zo\u00eb\r\nA: 1\r\nA: 3\r\nB: 2\r\n\r\n");
            assertArrayEquals(api, storedHeaderBlock(nc, "HDRS", 1));
            assertArrayEquals(utf8(raw), storedHeaderBlock(nc, "HDRS", 2));
            assertArrayEquals(utf8("NATS/1.0\r\n\r\n"), storedHeaderBlock(nc, "HDRS", 3));
            // an empty headers() object goes out as a header length of 0: the server stores no block
            assertNull(storedHeaderBlock(nc, "HDRS", 4));
            assertNull(storedHeaderBlock(nc, "HDRS", 5));
            assertArrayEquals(utf8("NATS/1.0\r\nCore: yes\r\n\r\n"), storedHeaderBlock(nc, "HDRS", 6));

            Dump dump = js.dump("HDRS");
            assertEquals(6, dump.messages().size());
            for (StoredMessage m : dump.messages()) {
                assertArrayEquals(storedHeaderBlock(nc, "HDRS", m.seq()), m.headerBytes(), m::toString);
                assertEquals(JsClient.string(stored(nc, "HDRS", m.seq()), "time"), m.time(), m::toString);
            }
            assertEquals(List.of(List.of("X-Name", "Zo\u00eb"), List.of("Spaced", "two"), List.of("A", "1"), List.of("A", "2")),
                    dump.messages().get(1).headers(), "the JS client's parse of the raw block");
            assertEquals("raw", new String(dump.messages().get(1).dataBytes(), StandardCharsets.UTF_8));
            assertEquals("hdrs.empty-block", dump.messages().get(2).subject());
        }
    }

    @Test
    void jetStreamPublishOptionsAnswerAsTheServerDecides() throws Exception {
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("OPTS").subjects("opts.>").build());
            JsClient js = JsClient.of(server);
            List<Ack> acks = js.publish(List.of(
                    Message.of("opts.a", "1").withMsgId("m-1"),
                    Message.of("opts.a", "1 again").withMsgId("m-1"),
                    Message.of("opts.b", "2").expecting("lastSequence", 1L),
                    Message.of("opts.b", "3").expecting("lastSequence", 1L).expectingError(),
                    Message.of("opts.b", "4").expecting("lastMsgID", "m-1").expectingError(),
                    Message.of("opts.a", "5").expecting("lastSubjectSequence", 1L),
                    Message.of("opts.raw", "6").withRawHeaders("NATS/1.0\r\nNats-Expected-Last-Sequence: 1\r\n\r\n")
                            .expectingError()));
            assertEquals(new Ack("OPTS", 1, false, null, 0), acks.get(0));
            assertEquals(new Ack("OPTS", 1, true, null, 0), acks.get(1));
            assertEquals(2, acks.get(2).seq());
            assertEquals(10071, acks.get(3).errorCode(), acks.get(3)::toString);
            assertEquals(10070, acks.get(4).errorCode(), acks.get(4)::toString);
            assertEquals(3, acks.get(5).seq());
            assertEquals(10071, acks.get(6).errorCode(), acks.get(6)::toString);

            nc.jetStreamManagement().deleteMessage("OPTS", 2);
            Dump dump = js.dump("OPTS");
            assertEquals(List.of(1L, 3L), dump.messages().stream().map(StoredMessage::seq).toList());
            assertEquals(List.of(2L), dump.deleted());
            assertEquals(3, dump.lastSeq());
        }
    }

    @Test
    void messageTtlIsSentAsNatsTtl() throws Exception {
        try (Connection nc = server.connect()) {
            if (!ServerGate.atLeast(nc, 11, "per-message TTL (JsClientTest.messageTtlIsSentAsNatsTtl)")) {
                return;
            }
            JsClient js = JsClient.of(server);
            js.call("stream", java.util.Map.of("config", java.util.Map.of("name", "TTL", "subjects", List.of("ttl.>"),
                    "allow_msg_ttl", true)));
            js.publish(Message.of("ttl.a", "x").withTtl("1h"));
            assertArrayEquals(utf8("NATS/1.0\r\nNats-TTL: 1h\r\n\r\n"), storedHeaderBlock(nc, "TTL", 1));
        }
    }

    @Test
    void pullAndPushConsumersDeliverAndAcknowledge() throws Exception {
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("WORK").subjects("work.>").build());
            jsm.addOrUpdateConsumer("WORK", ConsumerConfiguration.builder().durable("puller").ackPolicy(AckPolicy.Explicit).build());
            jsm.addOrUpdateConsumer("WORK", ConsumerConfiguration.builder().durable("pusher").ackPolicy(AckPolicy.Explicit)
                    .deliverSubject("deliver.pusher").build());
            JsClient js = JsClient.of(server);
            List<Message> work = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                work.add(Message.of("work." + i, "job " + i));
            }
            js.publish(work);

            Next first = js.next("WORK", "puller", 3, 2);
            assertEquals(List.of(1L, 2L, 3L), first.seqs());
            assertEquals(2, JsClient.number(first.info().map.get("ack_floor"), "stream_seq"));
            assertEquals(1, JsClient.number(first.info(), "num_ack_pending"));
            assertEquals(3, JsClient.number(first.info(), "num_pending"));
            assertEquals(List.of(4L, 5L), js.next("WORK", "puller", 2, 2).seqs());

            Next pushed = js.next("WORK", "pusher", 2, 2);
            assertEquals(List.of(1L, 2L), pushed.seqs());
            assertEquals("work.1", pushed.delivered().get(0).subject());
            assertEquals(1, pushed.delivered().get(0).deliveryCount());
            assertEquals(2, JsClient.number(pushed.info().map.get("ack_floor"), "stream_seq"));

            Dump dump = js.dump("WORK");
            assertEquals(List.of("puller", "pusher"), dump.consumers().stream().map(c -> JsClient.string(c, "name")).toList());
        }
    }

    @Test
    void keyValueThroughTheJsClientIsWhatJnatsReads() throws Exception {
        JsClient js = JsClient.of(server);
        List<JsonValue> r = js.kv("settings",
                op("bucket", "options", java.util.Map.of("history", 5)),
                op("put", "key", "color", "value", utf8("blue")),
                op("put", "key", "color", "value", utf8("green")),
                op("put", "key", "gone", "value", utf8("x")),
                op("delete", "key", "gone"),
                op("put", "key", "purged", "value", utf8("y")),
                op("purge", "key", "purged"),
                op("update", "key", "color", "value", utf8("red"), "revision", 1L, "expectError", true),
                op("update", "key", "color", "value", utf8("red"), "revision", 2L),
                op("get", "key", "color"),
                op("history", "key", "color"),
                op("keys"),
                op("watch"));
        assertEquals(List.of("$KV.settings.>"), r.get(0).map.get("subjects").array.stream().map(v -> v.string).toList());
        assertEquals(10071, JsClient.number(r.get(7), "code"));
        JsonValue color = r.get(9).map.get("entry");
        assertEquals("red", new String(Base64.getDecoder().decode(JsClient.string(color, "value")), StandardCharsets.UTF_8));
        assertEquals(JsClient.number(r.get(8), "revision"), JsClient.number(color, "revision"));
        assertEquals(List.of("PUT", "PUT", "PUT"), r.get(10).map.get("entries").array.stream()
                .map(e -> JsClient.string(e, "operation")).toList());
        assertEquals(List.of("color"), r.get(11).map.get("keys").array.stream().map(v -> v.string).toList());
        List<String> watched = r.get(12).map.get("entries").array.stream()
                .map(e -> JsClient.string(e, "key") + "@" + JsClient.number(e, "revision") + " " + JsClient.string(e, "operation"))
                .toList();
        assertEquals(List.of("color@1 PUT", "color@2 PUT", "gone@3 PUT", "gone@4 DEL", "purged@6 PURGE", "color@7 PUT"), watched);

        try (Connection nc = server.connect()) {
            KeyValue kv = nc.keyValue("settings");
            assertEquals("red", new String(kv.get("color").getValue(), StandardCharsets.UTF_8));
            assertEquals(7, kv.get("color").getRevision());
            assertEquals(List.of("color"), kv.keys());
        }
    }

    @Test
    void objectStoreThroughTheJsClientIsWhatJnatsReads() throws Exception {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        JsClient js = JsClient.of(server);
        List<JsonValue> r = js.obj("blobs",
                op("bucket"),
                op("put", "name", "big.bin", "data", big),
                op("put", "name", "small.txt", "data", utf8("hello"), "description", "greeting"),
                op("put", "name", "gone.txt", "data", utf8("bye")),
                op("delete", "name", "gone.txt"),
                op("get", "name", "big.bin"),
                op("info", "name", "small.txt"),
                op("list"),
                op("get", "name", "gone.txt"));
        JsonValue bigInfo = r.get(1).map.get("info");
        assertEquals(big.length, JsClient.number(bigInfo, "size"));
        assertTrue(JsClient.number(bigInfo, "chunks") > 1, "several chunks");
        assertArrayEquals(big, Base64.getDecoder().decode(JsClient.string(r.get(5), "data")));
        assertEquals("greeting", JsClient.string(r.get(6).map.get("info"), "description"));
        assertEquals(List.of("big.bin", "small.txt"), r.get(7).map.get("infos").array.stream()
                .map(i -> JsClient.string(i, "name")).toList());
        assertNull(JsClient.string(r.get(8), "data"));

        try (Connection nc = server.connect()) {
            ObjectStore os = nc.objectStore("blobs");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            os.get("big.bin", out);
            assertArrayEquals(big, out.toByteArray());
            assertEquals(JsClient.string(bigInfo, "digest"), os.getInfo("big.bin").getDigest());
        }
    }
}
