package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.jetstream.ServerVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;




/**
 * The field-by-field comparison, over configurations captured from real servers (resources
 * {@code config/}: the answers of nats-server 2.9.10, 2.10.27 and 2.15.1 to STREAM.CREATE and
 * CONSUMER.DURABLE.CREATE; {@code VERSION-stream-again} is the same server's answer to its own
 * reported configuration sent back, as a same-version restore sends it; {@code 2.15.1-newer-*-into-V}
 * is server V's answer to the configuration 2.15.1 reported).
 */
class ConfigComparisonTest {
    private static final List<String> VERSIONS = List.of("2.9.10", "2.10.27", "2.15.1");

    @Test
    void aSameVersionRestoreOfARichConfigurationLosesNothingOnEachServer() {
        for (String v : VERSIONS) {
            assertEquals(List.of(), ConfigComparison.stream("NATIVE", config(v + "-stream"), config(v + "-stream-again")), v);
            for (String c : List.of("billing", "mailer")) {
                assertEquals(List.of(), ConfigComparison.consumer(c, config(v + "-consumer-" + c),
                        config(v + "-consumer-" + c + "-again")), v + " " + c);
            }
        }
    }

    @Test
    void aNewerConfigurationInto2_9LosesCompressionMetadataTtlsAndFilterSubjects() {
        assertEquals(List.of("allow_msg_ttl", "compression", "metadata", "subject_delete_marker_ttl"),
                fields(ConfigComparison.stream("RICH", config("2.15.1-newer-stream"), config("2.15.1-newer-stream-into-2.9.10"))));
        List<ConfigLoss> billing = ConfigComparison.consumer("billing", config("2.15.1-newer-consumer-billing"),
                config("2.15.1-newer-consumer-billing-into-2.9.10"));
        assertEquals(List.of("filter_subjects", "metadata"), fields(billing));
        assertEquals("[\"rich.a\",\"rich.b\"]", billing.get(0).wanted());
        assertNull(billing.get(0).kept());
        assertTrue(billing.get(0).describe().startsWith("consumer billing: filter_subjects [\"rich.a\",\"rich.b\"] would be "
                + "dropped: the consumer would receive messages on every subject"), billing.get(0).describe());
        // the server's own metadata (_nats.*) is not the user's: only "owner" counts
        assertEquals("{\"owner\":\"billing-team\"}", billing.get(1).wanted());
        // mailer has a plain filter_subject (known to 2.9) and only the server's own metadata
        assertEquals(List.of(), ConfigComparison.consumer("mailer", config("2.15.1-newer-consumer-mailer"),
                config("2.15.1-newer-consumer-mailer-into-2.9.10")));
    }

    @Test
    void aNewerConfigurationInto2_10LosesOnlyTheTtls() {
        assertEquals(List.of("allow_msg_ttl", "subject_delete_marker_ttl"),
                fields(ConfigComparison.stream("RICH", config("2.15.1-newer-stream"), config("2.15.1-newer-stream-into-2.10.27"))));
        for (String c : List.of("billing", "mailer")) {
            assertEquals(List.of(), ConfigComparison.consumer(c, config("2.15.1-newer-consumer-" + c),
                    config("2.15.1-newer-consumer-" + c + "-into-2.10.27")), c);
        }
    }

    @Test
    void theVersionTableAgreesWithWhatTheOlderServersReallyDropped() {
        for (String v : List.of("2.9.10", "2.10.27")) {
            ServerVersion server = ServerVersion.parse(v);
            assertEquals(fields(ConfigComparison.stream("RICH", config("2.15.1-newer-stream"),
                            config("2.15.1-newer-stream-into-" + v))),
                    fields(ConfigComparison.stream("RICH", config("2.15.1-newer-stream"),
                            ServerConfigKnowledge.streamAsKnownBy(server, config("2.15.1-newer-stream")))), v);
            for (String c : List.of("billing", "mailer")) {
                String wanted = config("2.15.1-newer-consumer-" + c);
                assertEquals(fields(ConfigComparison.consumer(c, wanted, config("2.15.1-newer-consumer-" + c + "-into-" + v))),
                        fields(ConfigComparison.consumer(c, wanted, ServerConfigKnowledge.consumerAsKnownBy(server, wanted))),
                        v + " " + c);
            }
        }
    }

    @Test
    void defaultsTheServerFillsInOrLeavesOutAreNoLoss() {
        String[][] rows = {
                // wanted, reported
                {"{\"max_ack_pending\":0,\"max_waiting\":0}", "{\"max_ack_pending\":1000,\"max_waiting\":512}"},
                {"{\"compression\":\"none\",\"consumer_limits\":{},\"first_seq\":0}", "{}"},
                {"{\"priority_policy\":\"none\",\"persist_mode\":\"default\",\"backoff\":[]}", "{}"},
                {"{\"max_deliver\":-1,\"sealed\":false,\"description\":\"\"}", "{}"},
                {"{\"metadata\":{\"_nats.ver\":\"2.15.1\",\"_nats.level\":\"5\"}}", "{}"},
                {"{\"metadata\":{\"_nats.ver\":\"2.15.1\",\"team\":\"a\"}}", "{\"metadata\":{\"_nats.ver\":\"2.10.27\",\"team\":\"a\"}}"},
                {"{\"duplicate_window\":120000000000}", "{\"duplicate_window\":1.2E11}"},
                {"{\"republish\":{\"src\":\"a\",\"dest\":\"b\",\"headers_only\":false}}", "{\"republish\":{\"src\":\"a\",\"dest\":\"b\"}}"},
                {"{\"placement\":{\"cluster\":\"\",\"tags\":[]}}", "{}"},
                {"{\"opt_start_time\":null}", "{}"},
        };
        for (String[] row : rows) {
            assertEquals(List.of(), ConfigComparison.stream("S", row[0], row[1]), row[0] + " -> " + row[1]);
        }
    }

    @Test
    void valuesTheServerChangesOrDropsAreLosses() {
        String[][] rows = {
                // wanted, reported, the fields lost
                {"{\"num_replicas\":3}", "{\"num_replicas\":1}", "num_replicas"},
                {"{\"compression\":\"s2\"}", "{\"compression\":\"none\"}", "compression"},
                {"{\"republish\":{\"src\":\"a\",\"dest\":\"b\",\"headers_only\":true}}", "{\"republish\":{\"src\":\"a\",\"dest\":\"b\"}}",
                        "republish.headers_only"},
                {"{\"republish\":{\"src\":\"a\",\"dest\":\"b\"}}", "{}", "republish"},
                {"{\"metadata\":{\"team\":\"a\",\"owner\":\"b\"}}", "{\"metadata\":{\"team\":\"c\"}}", "metadata.owner,metadata.team"},
                {"{\"subjects\":[\"a\",\"b\"]}", "{\"subjects\":[\"a\"]}", "subjects"},
                {"{\"allow_msg_counter\":true,\"future_field\":{\"x\":1}}", "{}", "allow_msg_counter,future_field"},
        };
        for (String[] row : rows) {
            List<ConfigLoss> losses = ConfigComparison.stream("S", row[0], row[1]);
            assertEquals(List.of(row[2].split(",")), fields(losses), row[0] + " -> " + row[1]);
        }
        ConfigLoss replicas = ConfigComparison.stream("S", "{\"num_replicas\":3}", "{\"num_replicas\":1}").get(0);
        assertEquals("stream S: num_replicas 3 would become 1: it would have another number of replicas", replicas.describe());
    }

    private static List<String> fields(List<ConfigLoss> losses) {
        return losses.stream().map(ConfigLoss::field).toList();
    }

    /** The {@code config} member of a captured server answer, verbatim. */
    private static String config(String name) {
        try (InputStream in = ConfigComparisonTest.class.getResourceAsStream("config/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no resource config/" + name + ".json");
            }
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String config = JsonText.topLevelMember(answer, "config");
            if (config == null) {
                throw new IllegalArgumentException("config/" + name + ".json holds no configuration: " + answer);
            }
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
