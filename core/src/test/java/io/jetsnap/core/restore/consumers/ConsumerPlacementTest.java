package io.jetsnap.core.restore.consumers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.nats.client.support.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/**
 * One row per case: where a consumer of the snapshot is put back, on which server, by which
 * restore method. The stream in each row holds sequences {@code first} to {@code last} once
 * restored; the consumer had {@code delivered} delivered and everything up to {@code floor}
 * acknowledged.
 */
class ConsumerPlacementTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                          | server | side  | retention | policy            | start | filter | ack      | delivered | dcons | floor | fcons | first | last | how      | next | created policy
            all, nothing consumed, 2.9                      | 2.9.10 | false | limits    | all               | 0     |        | explicit | 0         | 0 | 0     | 0 | 1     | 10   | AS_IS    | 1    | all
            all, half acked, 2.9: by start sequence         | 2.9.10 | false | limits    | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | START_AT | 5    | by_start_sequence
            all, half acked, 2.10: by start sequence        | 2.10.27| false | limits    | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | START_AT | 5    | by_start_sequence
            all, half acked, 2.14: reset                    | 2.14.0 | false | limits    | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | RESET    | 5    | all
            all, half acked, 2.15 publish: reset            | 2.15.1 | false | limits    | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | RESET    | 5    | all
            all, half acked, 2.15 server side: state        | 2.15.1 | true  | limits    | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | STATE    | 5    | all
            all, ack none: floor is what was delivered      | 2.9.10 | false | limits    | all               | 0     |        | none     | 6         | 6 | 6     | 6 | 1     | 10   | START_AT | 7    | by_start_sequence
            all, floor below the first message              | 2.9.10 | false | limits    | all               | 0     |        | explicit | 3         | 3 | 3     | 3 | 5     | 10   | AS_IS    | 4    | all
            new on an empty stream, nothing consumed, 2.9   | 2.9.10 | false | limits    | new               | 0     |        | explicit | 0         | 0 | 0     | 0 | 1     | 8    | START_AT | 1    | by_start_sequence
            new, nothing consumed, 2.15: no reset for new   | 2.15.1 | false | limits    | new               | 0     |        | explicit | 3         | 0 | 0     | 0 | 1     | 8    | START_AT | 4    | by_start_sequence
            new, nothing consumed, 2.15 server side         | 2.15.1 | true  | limits    | new               | 0     |        | explicit | 0         | 0 | 0     | 0 | 1     | 8    | STATE    | 1    | new
            new, all consumed: new starts there itself      | 2.9.10 | false | limits    | new               | 0     |        | explicit | 8         | 8 | 8     | 8 | 1     | 8    | AS_IS    | 9    | new
            last, nothing consumed: last starts there       | 2.10.27| false | limits    | last              | 0     |        | explicit | 7         | 0 | 0     | 0 | 1     | 8    | AS_IS    | 8    | last
            last, ack all, at the last message              | 2.15.1 | false | limits    | last              | 0     |        | all      | 7         | 7 | 7     | 7 | 1     | 8    | AS_IS    | 8    | last
            last filtered: its last is the subject's        | 2.10.27| false | limits    | last              | 0     | x.b    | explicit | 7         | 7 | 7     | 7 | 1     | 8    | START_AT | 8    | by_start_sequence
            last created before messages it has not taken  | 2.9.10 | false | limits    | last              | 0     |        | explicit | 2         | 0 | 0     | 0 | 1     | 8    | START_AT | 3    | by_start_sequence
            new, 2 delivered, none acked: start unknown     | 2.9.10 | false | limits    | new               | 0     |        | explicit | 5         | 2 | 0     | 0 | 1     | 8    | START_AT | 1    | by_start_sequence
            new, 2 delivered, none acked, 2.15 server side  | 2.15.1 | true  | limits    | new               | 0     |        | explicit | 5         | 2 | 0     | 0 | 1     | 8    | STATE    | 1    | new
            by_start_sequence, 2 delivered, none acked      | 2.10.27| false | limits    | by_start_sequence | 3     |        | explicit | 4         | 2 | 0     | 0 | 1     | 8    | AS_IS    | 3    | by_start_sequence
            by_start_sequence at its start, 2.9             | 2.9.10 | false | limits    | by_start_sequence | 3     |        | all      | 2         | 2 | 2     | 2 | 1     | 8    | AS_IS    | 3    | by_start_sequence
            by_start_sequence moved on, 2.9                 | 2.9.10 | false | limits    | by_start_sequence | 3     |        | all      | 5         | 5 | 5     | 5 | 1     | 8    | START_AT | 6    | by_start_sequence
            by_start_sequence moved on, 2.14: reset         | 2.14.0 | false | limits    | by_start_sequence | 3     |        | all      | 5         | 5 | 5     | 5 | 1     | 8    | RESET    | 6    | by_start_sequence
            by_start_sequence clamped past the end, 2.14    | 2.14.0 | false | limits    | by_start_sequence | 20    |        | all      | 8         | 8 | 8     | 8 | 1     | 8    | START_AT | 9    | by_start_sequence
            by_start_sequence ahead of the end, 2.15        | 2.15.1 | false | interest  | by_start_sequence | 6     |        | all      | 5         | 0 | 5     | 0 | 1     | 1    | AS_IS    | 6    | by_start_sequence
            by_start_sequence ahead of the end, 2.11        | 2.11.0 | false | limits    | by_start_sequence | 6     |        | all      | 5         | 0 | 5     | 0 | 1     | 1    | AS_IS    | 6    | by_start_sequence
            by_start_sequence ahead, 2.15 server side       | 2.15.1 | true  | interest  | by_start_sequence | 6     |        | all      | 5         | 0 | 5     | 0 | 1     | 1    | AS_IS    | 6    | by_start_sequence
            by_start_sequence ahead, 2.10 starts at the end | 2.10.27| false | limits    | by_start_sequence | 6     |        | all      | 5         | 0 | 5     | 0 | 1     | 1    | AS_IS    | 2    | by_start_sequence
            by_start_sequence at its start, server side     | 2.15.1 | true  | limits    | by_start_sequence | 6     |        | all      | 5         | 0 | 5     | 0 | 1     | 8    | STATE    | 6    | by_start_sequence
            by_start_time, 2.10: by start sequence          | 2.10.27| false | limits    | by_start_time     | 0     |        | none     | 6         | 6 | 6     | 6 | 1     | 8    | START_AT | 7    | by_start_sequence
            by_start_time, 2.14: reset                      | 2.14.0 | false | limits    | by_start_time     | 0     |        | none     | 6         | 6 | 6     | 6 | 1     | 8    | RESET    | 7    | by_start_time
            by_start_time below the first message: to it    | 2.14.0 | false | limits    | by_start_time     | 0     |        | none     | 6         | 6 | 6     | 6 | 9     | 12   | RESET    | 9    | by_start_time
            by_start_time, empty stream: to the next one    | 2.15.1 | false | interest  | by_start_time     | 0     |        | none     | 8         | 8 | 8     | 8 | 13    | 12   | RESET    | 13   | by_start_time
            last_per_subject, 2.15: no reset for it         | 2.15.1 | false | limits    | last_per_subject  | 0     |        | explicit | 4         | 4 | 4     | 4 | 1     | 8    | START_AT | 5    | by_start_sequence
            filtered all, 2.14                              | 2.14.0 | false | limits    | all               | 0     | x.b    | explicit | 6         | 6 | 2     | 2 | 1     | 8    | RESET    | 3    | all
            interest, 2.9: by start sequence after the load | 2.9.10 | false | interest  | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 1     | 10   | START_AT | 5    | by_start_sequence
            interest new, 2.10                              | 2.10.27| false | interest  | new               | 0     |        | explicit | 3         | 3 | 3     | 3 | 1     | 10   | START_AT | 4    | by_start_sequence
            work queue, 2.9: deliver all is the only policy | 2.9.10 | false | workqueue | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 5     | 10   | AS_IS    | 5    | all
            work queue, 2.14: no reset needed               | 2.14.0 | false | workqueue | all               | 0     |        | explicit | 6         | 6 | 4     | 4 | 5     | 10   | AS_IS    | 5    | all
            work queue all done, first_seq 11               | 2.9.10 | false | workqueue | all               | 0     |        | explicit | 10        | 10 | 10    | 10 | 11    | 10   | AS_IS    | 11   | all
            work queue all done, 2.15 server side           | 2.15.1 | true  | workqueue | all               | 0     |        | explicit | 10        | 10 | 10    | 10 | 11    | 10   | STATE    | 11   | all
            acked past a max-seq cut, 2.15 publish          | 2.15.1 | false | limits    | all               | 0     |        | explicit | 9         | 9 | 9     | 9 | 1     | 5    | RESET    | 6    | all
            acked past a max-seq cut, 2.15 server side      | 2.15.1 | true  | limits    | all               | 0     |        | explicit | 9         | 9 | 9     | 9 | 1     | 5    | STATE    | 6    | all
            acked past a max-seq cut, 2.9                   | 2.9.10 | false | limits    | all               | 0     |        | explicit | 9         | 9 | 9     | 9 | 1     | 5    | START_AT | 6    | by_start_sequence
            by_start_sequence below the first message, 2.9  | 2.9.10 | false | limits    | by_start_sequence | 2     |        | all      | 3         | 2 | 3     | 2 | 5     | 10   | AS_IS    | 4    | by_start_sequence
            last on an empty stream: nothing is its last    | 2.9.10 | false | limits    | last              | 0     |        | explicit | 0         | 0 | 0     | 0 | 1     | 0    | START_AT | 1    | by_start_sequence
            a policy no server version here knows           | 2.15.1 | false | limits    | future_policy     | 0     |        | explicit | 3         | 3 | 3     | 3 | 1     | 8    | START_AT | 4    | by_start_sequence
            """)
    void placesTheConsumerWhereItDeliversNext(String name, String server, boolean serverSide, String retention, String policy,
                                              long start, String filter, String ack, long delivered, long deliveredConsumer,
                                              long floor, long floorConsumer, long first,
                                              long last, ConsumerPlacement.How how, long next, String createdPolicy) {
        String config = "{\"durable_name\":\"c\",\"deliver_policy\":\"" + policy + "\",\"ack_policy\":\"" + ack + "\""
                + (start > 0 ? ",\"opt_start_seq\":" + start : "")
                + (policy.equals("by_start_time") ? ",\"opt_start_time\":\"2026-01-01T00:00:00Z\"" : "")
                + (filter != null ? ",\"filter_subject\":\"" + filter + "\"" : "") + "}";
        ConsumerSnapshot c = new ConsumerSnapshot("c", config, delivered, deliveredConsumer, floor, floorConsumer);
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(ServerVersion.parse(server), serverSide, retention,
                first, last);

        ConsumerPlacement.Placement p = ConsumerPlacement.of(c, target);

        assertEquals(how, p.how(), p::toString);
        assertEquals(next, p.next(), p::toString);
        var created = JsApi.parse(p.configJson()).map;
        assertEquals(createdPolicy, created.get("deliver_policy").string, p::toString);
        if (how == ConsumerPlacement.How.START_AT) {
            assertEquals(next, created.get("opt_start_seq").number.longValue(), p::toString);
            assertFalse(created.containsKey("opt_start_time"), p::toString);
            assertTrue(p.notes().stream().anyMatch(n -> n.contains("by_start_sequence (was " + policy + ")")), p::toString);
        } else {
            assertEquals(config, p.configJson(), "the snapshot's configuration, verbatim");
        }
    }

    @Test
    void saysWhatComesAgainAndWhatIsPastTheEnd() {
        ConsumerSnapshot pending = new ConsumerSnapshot("c", "{\"ack_policy\":\"explicit\"}", 6, 8, 4, 5);
        var p = ConsumerPlacement.of(pending, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), true, "limits", 1, 10));
        assertEquals(1, p.notes().size(), p::toString);
        assertTrue(p.notes().get(0).contains("sequences 5 to 6"), p::toString);
        assertTrue(p.notes().get(0).contains("acknowledged out of order"), p::toString);

        ConsumerSnapshot past = new ConsumerSnapshot("c", "{\"ack_policy\":\"all\"}", 9, 9, 9, 9);
        var cut = ConsumerPlacement.of(past, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), false, "limits", 1, 5));
        assertEquals(1, cut.notes().size(), cut::toString);
        assertTrue(cut.notes().get(0).contains("past the restored stream's last message (5)"), cut::toString);

        ConsumerSnapshot none = new ConsumerSnapshot("c", "{\"ack_policy\":\"none\"}", 6, 6, 6, 6);
        ConsumerSnapshot ahead = new ConsumerSnapshot("c", "{\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":6,"
                + "\"ack_policy\":\"all\"}", 5, 0, 5, 0);
        assertTrue(ConsumerPlacement.of(ahead, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), false, "limits", 1, 1))
                .notes().isEmpty(), "a start past the end is kept by 2.11+: nothing to say");
        var atEnd = ConsumerPlacement.of(ahead, ConsumerPlacement.Target.of(ServerVersion.parse("2.10.27"), false, "limits", 1, 1));
        assertEquals(1, atEnd.notes().size(), atEnd::toString);
        assertTrue(atEnd.notes().get(0).contains("starts at sequence 6, past the restored stream's last message (1)"), atEnd::toString);

        var exact = ConsumerPlacement.of(none, ConsumerPlacement.Target.of(ServerVersion.parse("2.14.0"), false, "limits", 1, 10));
        assertTrue(exact.notes().isEmpty(), exact::toString);
    }

    @Test
    void aConsumerThatAcknowledgedNoneOfItsDeliveriesSaysItMayDeliverMore() {
        ConsumerSnapshot c = new ConsumerSnapshot("c", "{\"deliver_policy\":\"new\",\"ack_policy\":\"explicit\"}",
                5, 2, 0, 0);
        var p = ConsumerPlacement.of(c, ConsumerPlacement.Target.of(ServerVersion.parse("2.9.10"), false, "limits", 1, 10));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("also any before the one it started at")), p::toString);
    }

    @Test
    void aLastPerSubjectConsumerSaysItMayDeliverMore() {
        ConsumerSnapshot c = new ConsumerSnapshot("c", "{\"deliver_policy\":\"last_per_subject\",\"ack_policy\":\"none\"}",
                4, 2, 4, 2);
        var p = ConsumerPlacement.of(c, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), true, "limits", 1, 10));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("not the last of their subject")), p::toString);
    }

    @Test
    void anInterestStreamWithNoRoomForTheHoldingConsumerIsRefused() {
        String full = "{\"name\":\"s\",\"retention\":\"interest\",\"max_consumers\":2}";
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.jetsnap.core.SnapshotException.class,
                () -> ConsumerPlacement.refuseNoRoomToHold("s", full, 2, false));
        assertTrue(e.getMessage().contains("allows 2 consumers") && e.getMessage().contains("nothing was changed"), e::getMessage);
        ConsumerPlacement.refuseNoRoomToHold("s", full, 1, false);
        ConsumerPlacement.refuseNoRoomToHold("s", full, 2, true);
        ConsumerPlacement.refuseNoRoomToHold("s", "{\"name\":\"s\",\"retention\":\"interest\",\"max_consumers\":-1}", 5, false);
        ConsumerPlacement.refuseNoRoomToHold("s", "{\"name\":\"s\",\"max_consumers\":1}", 1, false);
    }

    @Test
    void readsTheRetentionOfAStreamConfiguration() {
        assertEquals("workqueue", ConsumerPlacement.retention("{\"name\":\"s\",\"retention\":\"workqueue\"}"));
        assertEquals("limits", ConsumerPlacement.retention("{\"name\":\"s\"}"));
        assertEquals("x", new JsonValue("x").string);
    }

    @Test
    void aConsumerFilteredOnSeveralSubjectsHasNoLastOfItsOwnToStartAt() {
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(ServerVersion.parse("2.10.27"), false, "limits", 1, 8);
        ConsumerSnapshot filtered = new ConsumerSnapshot("c", "{\"deliver_policy\":\"last\",\"ack_policy\":\"explicit\","
                + "\"filter_subjects\":[\"x.a\",\"x.b\"]}", 7, 7, 7, 7);
        ConsumerSnapshot unfiltered = new ConsumerSnapshot("c", "{\"deliver_policy\":\"last\",\"ack_policy\":\"explicit\","
                + "\"filter_subjects\":[]}", 7, 7, 7, 7);

        ConsumerPlacement.Placement p = ConsumerPlacement.of(filtered, target);
        assertEquals(ConsumerPlacement.How.START_AT, p.how(), p::toString);
        assertEquals(8, p.next(), p::toString);
        assertEquals(ConsumerPlacement.How.AS_IS, ConsumerPlacement.of(unfiltered, target).how(), "an empty list filters nothing");
    }

    @Test
    void aConsumerCreatedAtANewStartSaysWhyItWasNotMoved() {
        ConsumerSnapshot all = new ConsumerSnapshot("billing", "{\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\"}",
                6, 6, 4, 4);
        ConsumerSnapshot fresh = new ConsumerSnapshot("mailer", "{\"deliver_policy\":\"new\",\"ack_policy\":\"explicit\"}",
                3, 3, 3, 3);

        var older = ConsumerPlacement.of(all, ConsumerPlacement.Target.of(ServerVersion.parse("2.9.10"), false, "limits", 1, 10));
        var newer = ConsumerPlacement.of(fresh, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), false, "limits", 1, 10));

        assertEquals(List.of("consumer billing delivers again what it had delivered after its ack floor (sequences 5 to 6) "
                + "as first deliveries: their delivery counts start again, and those among them acknowledged out of order "
                + "are delivered again too",
                "consumer billing resumes at sequence 5 with deliver policy by_start_sequence (was all): "
                + "nats-server 2.9.10 cannot move a consumer (2.14+ can); an application that updates it with its own "
                + "configuration is refused (\"deliver policy can not be updated\")"), older.notes());
        assertEquals(List.of("consumer mailer resumes at sequence 4 with deliver policy by_start_sequence (was new): "
                + "no nats-server moves a consumer whose deliver policy is new; an application that updates it with its own "
                + "configuration is refused (\"deliver policy can not be updated\")"), newer.notes());
    }

    @Test
    void whatComesAgainEndsAtTheRestoredStreamsLastMessage() {
        ConsumerSnapshot c = new ConsumerSnapshot("c", "{\"ack_policy\":\"all\"}", 12, 12, 4, 4);

        var p = ConsumerPlacement.of(c, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), false, "limits", 1, 10));

        assertEquals(List.of("consumer c delivers again what it had delivered after its ack floor (sequences 5 to 10) as "
                + "first deliveries: their delivery counts start again"), p.notes(), "ack all: nothing acknowledged out of order");
        assertEquals(ConsumerPlacement.How.RESET, p.how());
    }

    @Test
    void aLastPerSubjectConsumerAtTheEndHasNothingItMightDeliverMore() {
        ConsumerSnapshot c = new ConsumerSnapshot("c", "{\"deliver_policy\":\"last_per_subject\",\"ack_policy\":\"none\"}",
                10, 5, 10, 5);

        var p = ConsumerPlacement.of(c, ConsumerPlacement.Target.of(ServerVersion.parse("2.15.1"), true, "limits", 1, 10));

        assertEquals(ConsumerPlacement.How.STATE, p.how());
        assertEquals(11, p.next());
        assertEquals(List.of(), p.notes());
    }

    @Test
    void theNotesOfAllConsumersComeInTheirOrder() {
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(ServerVersion.parse("2.9.10"), false, "limits", 1, 10);
        ConsumerSnapshot exact = new ConsumerSnapshot("a", "{\"ack_policy\":\"none\"}", 0, 0, 0, 0);
        ConsumerSnapshot moved = new ConsumerSnapshot("b", "{\"deliver_policy\":\"new\",\"ack_policy\":\"none\"}", 3, 3, 3, 3);
        ConsumerSnapshot past = new ConsumerSnapshot("c", "{\"ack_policy\":\"all\"}", 15, 15, 15, 15);

        List<String> notes = ConsumerPlacement.notes(List.of(exact, moved, past), target);

        assertEquals(3, notes.size(), notes::toString);
        assertTrue(notes.get(0).startsWith("consumer b resumes at sequence 4"), notes::toString);
        assertTrue(notes.get(1).startsWith("consumer c had acknowledged up to sequence 15, past the restored stream's last "
                + "message (10)"), notes::toString);
        assertTrue(notes.get(2).startsWith("consumer c resumes at sequence 11"), notes::toString);
        assertEquals(List.of(), ConsumerPlacement.notes(List.of(exact), target));
    }
}
