package io.jetsnap.core.restore.consumers;

import io.jetsnap.core.Counted;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how a snapshot's durable consumer is put back so that it delivers next what the
 * original would have delivered next: the message after its ack floor (messages delivered but not
 * acknowledged come again), never past the restored stream's end. A pure decision; {@link
 * ConsumerRestorer} carries it out.
 *
 * <p>What each nats-server can do (server/consumer.go of 2.9.10, 2.10.27, 2.14+): a consumer is
 * created where its deliver policy says, counted on the stream as it is at that moment
 * ({@code by_start_sequence} past the end is clamped to the end by 2.9 and 2.10, kept by 2.11+); an update cannot change the
 * deliver policy or start; a work-queue stream takes only deliver policy {@code all}; 2.14+ moves a
 * consumer with {@code CONSUMER.RESET}, but only one whose policy is {@code all}, {@code
 * by_start_sequence} (not below its start) or {@code by_start_time}; the server-side restore
 * (2.15+) takes the consumer's state as it is given.
 */
public final class ConsumerPlacement {
    private ConsumerPlacement() {
    }

    /** How the consumer is created and moved. */
    public enum How {
        /** Created with the snapshot's configuration, which by itself starts it at {@code next}. */
        AS_IS,
        /** Created with the snapshot's configuration, then moved to {@code next} (CONSUMER.RESET, 2.14+). */
        RESET,
        /** Created with deliver policy {@code by_start_sequence} at {@code next}: its configuration differs. */
        START_AT,
        /**
         * Given to the server-side restore with its state: delivered and acknowledged up to {@code
         * next - 1}. (Any other placement with the server-side restore is made through the API once
         * the server has restored the stream.)
         */
        STATE
    }

    /**
     * The restored stream, as the consumers will find it.
     *
     * @param resettable the server moves consumers (CONSUMER.RESET, nats-server 2.14+)
     * @param startsAhead the server keeps a {@code by_start_sequence} start past the stream's end
     *     (nats-server 2.11+; 2.9 and 2.10 start such a consumer at the end)
     * @param serverSide the restore goes through the server's own restore API
     * @param retention the stream's retention policy as the server names it (limits, interest, workqueue)
     * @param firstSequence its first sequence once restored (the next one's when it is empty)
     * @param lastSequence its last sequence once restored (0 when nothing was ever stored)
     */
    public record Target(String server, boolean resettable, boolean startsAhead, boolean serverSide, String retention,
                  long firstSequence, long lastSequence) {
        public static Target of(ServerVersion server, boolean serverSide, String retention, long firstSequence, long lastSequence) {
            return new Target(server.toString(), server.atLeast(2, 14), server.atLeast(2, 11), serverSide, retention,
                    firstSequence, lastSequence);
        }
    }

    /**
     * A decision.
     *
     * @param configJson the configuration to create the consumer with (the snapshot's, verbatim,
     *     unless {@code how} is {@link How#START_AT})
     * @param next the stream sequence the consumer delivers next (or the first after it that it takes)
     * @param notes what does not come back exactly, for the restore's result
     */
    public record Placement(String name, How how, String configJson, long next, List<String> notes) {
        public Placement {
            notes = List.copyOf(notes);
        }
    }

    /** The retention policy of a stream configuration (JSON text), as the server names it. */
    public static String retention(String streamConfigJson) {
        JsonValue config = JsApi.parse(streamConfigJson);
        return config.map == null ? "limits" : text(config.map.get("retention"), "limits");
    }

    /**
     * The publishing restore holds an Interest stream's messages with one consumer of its own
     * while it loads: refused, before anything changes, when the stream's {@code max_consumers}
     * leaves no room for it.
     */
    public static void refuseNoRoomToHold(String stream, String streamConfigJson, int consumers, boolean serverSide) {
        JsonValue config = JsApi.parse(streamConfigJson);
        long max = config.map == null ? -1 : config.map.get("max_consumers") == null ? -1 : number(config.map.get("max_consumers"));
        if (!serverSide && retention(streamConfigJson).equals("interest") && consumers > 0 && max > 0 && consumers + 1 > max) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "stream " + stream + " is an Interest stream that allows "
                    + max + " consumers, and the publishing restore needs one more of its own to hold the messages until its "
                    + Counted.of(consumers, "consumer") + " are in place; nothing was changed (use the server-side restore of nats-server "
                    + "2.15+, or restore a snapshot taken with a higher max_consumers)");
        }
    }

    /** Every note the consumers' placements make. */
    public static List<String> notes(List<ConsumerSnapshot> consumers, Target target) {
        List<String> notes = new ArrayList<>();
        for (ConsumerSnapshot c : consumers) {
            notes.addAll(of(c, target).notes());
        }
        return notes;
    }

    public static Placement of(ConsumerSnapshot c, Target target) {
        Map<String, JsonValue> config = JsApi.parse(c.configJson()).map;
        String policy = text(config.get("deliver_policy"), "all");
        String ackPolicy = text(config.get("ack_policy"), "none");
        long optStartSeq = number(config.get("opt_start_seq"));
        boolean filtered = config.containsKey("filter_subject") && !text(config.get("filter_subject"), "").isEmpty()
                || config.get("filter_subjects") != null && config.get("filter_subjects").array != null
                && !config.get("filter_subjects").array.isEmpty();
        List<String> notes = new ArrayList<>();
        long end = target.lastSequence() + 1;
        long next = next(c, policy, optStartSeq);
        if (c.ackFloorConsumerSequence() == 0 && c.deliveredConsumerSequence() > 0 && !policy.equals("all")
                && !policy.equals("by_start_sequence")) {
            notes.add("consumer " + c.name() + " (deliver policy " + policy + ") had acknowledged none of the messages it had "
                    + "delivered, and the server does not say where it started: it delivers every message from sequence "
                    + next + ", also any before the one it started at");
        }
        boolean notPastItsStart = policy.equals("by_start_sequence") && next == optStartSeq;
        if (next > end && !(notPastItsStart && target.startsAhead())) {
            notes.add(notPastItsStart
                    ? "consumer " + c.name() + " starts at sequence " + optStartSeq + ", past the restored stream's last "
                    + "message (" + target.lastSequence() + "), and nats-server " + target.server() + " starts such a "
                    + "consumer at the end (2.11+ keeps its start): it delivers next the first message published after "
                    + "the restore"
                    : "consumer " + c.name() + " had acknowledged up to sequence " + c.ackFloorStreamSequence()
                    + ", past the restored stream's last message (" + target.lastSequence() + "); it delivers next the "
                    + "first message published after the restore");
            next = end;
        }
        if (!ackPolicy.equals("none") && c.deliveredConsumerSequence() > c.ackFloorConsumerSequence()
                && next <= c.deliveredStreamSequence()) {
            notes.add("consumer " + c.name() + " delivers again what it had delivered after its ack floor (sequences "
                    + next + " to " + Math.min(c.deliveredStreamSequence(), target.lastSequence()) + ") as first deliveries: "
                    + "their delivery counts start again" + (ackPolicy.equals("explicit")
                    ? ", and those among them acknowledged out of order are delivered again too" : ""));
        }
        if (target.serverSide() && notPastItsStart && next > end) {
            // given a state past the stream's last sequence, the server's restore takes it for lost
            // data and drops messages other consumers still hold: created after the restore instead
            return new Placement(c.name(), How.AS_IS, c.configJson(), next, notes);
        }
        if (target.serverSide()) {
            notes.addAll(lastPerSubject(c.name(), policy, next, target));
            return new Placement(c.name(), How.STATE, c.configJson(), next, notes);
        }
        if (target.retention().equals("workqueue")) {
            // deliver policy all is the only one a work-queue stream takes, and every message such a
            // stream still holds is one no consumer has acknowledged: it starts at the first of them
            return new Placement(c.name(), How.AS_IS, c.configJson(), next, notes);
        }
        if (notPastItsStart) {
            // not yet at its start: created as it is, it waits there (2.9 and 2.10 start it at the end when that is before)
            return new Placement(c.name(), How.AS_IS, c.configJson(), next, notes);
        }
        boolean resettable = policy.equals("all") || policy.equals("by_start_time")
                || policy.equals("by_start_sequence") && optStartSeq <= next;
        if (target.resettable() && resettable) {
            // a by_start_time consumer is refused a reset below the message its start time gives
            // ("below start time"), which in a publishing restore is the first one stored: nothing
            // lies between next and it
            long at = policy.equals("by_start_time") ? Math.max(next, target.firstSequence()) : next;
            return new Placement(c.name(), How.RESET, c.configJson(), at, notes);
        }
        if (startsThereItself(policy, optStartSeq, filtered, next, target)) {
            return new Placement(c.name(), How.AS_IS, c.configJson(), next, notes);
        }
        Map<String, JsonValue> moved = new LinkedHashMap<>(config);
        moved.put("deliver_policy", new JsonValue("by_start_sequence"));
        moved.put("opt_start_seq", new JsonValue(next));
        moved.remove("opt_start_time");
        notes.add("consumer " + c.name() + " resumes at sequence " + next + " with deliver policy by_start_sequence (was "
                + policy + "): " + (resettable ? "nats-server " + target.server() + " cannot move a consumer (2.14+ can)"
                : "no nats-server moves a consumer whose deliver policy is " + policy)
                + "; an application that updates it with its own configuration is refused (\"deliver policy can not be updated\")");
        notes.addAll(lastPerSubject(c.name(), policy, next, target));
        return new Placement(c.name(), How.START_AT, new JsonValue(moved).toJson(), next, notes);
    }

    /**
     * The stream sequence after the consumer's ack floor. A consumer reports ack floor 0 until its
     * first acknowledgement whatever its deliver policy (nats-server reads it back from its empty
     * store once it has chosen where to start), so when nothing it delivered is outstanding, what it
     * delivers next is the message after the last one delivered, and a {@code by_start_sequence}
     * consumer never goes below its start.
     */
    private static long next(ConsumerSnapshot c, String policy, long optStartSeq) {
        long floor = c.ackFloorStreamSequence();
        if (c.deliveredConsumerSequence() == c.ackFloorConsumerSequence()) {
            floor = Math.max(floor, c.deliveredStreamSequence());
        } else if (c.ackFloorConsumerSequence() == 0 && policy.equals("by_start_sequence")) {
            floor = Math.max(floor, optStartSeq - 1);
        }
        return floor + 1;
    }

    /** Whether the deliver policy, applied to the restored stream, by itself starts at {@code next}. */
    private static boolean startsThereItself(String policy, long optStartSeq, boolean filtered, long next, Target target) {
        long first = Math.max(1, target.firstSequence());
        switch (policy) {
            case "all":
            case "by_start_time": // the publishing restore stores every message at the time of the restore
                return next <= first;
            case "by_start_sequence":
                return optStartSeq == next || optStartSeq <= first && next <= first;
            case "new":
                return next == target.lastSequence() + 1;
            case "last":
                return !filtered && target.lastSequence() >= first && next == target.lastSequence();
            default:
                return false;
        }
    }

    /**
     * A {@code last_per_subject} consumer first delivers the last message of each subject, then
     * every later one; restored at a sequence it delivers every message from there.
     */
    private static List<String> lastPerSubject(String name, String policy, long next, Target target) {
        if (!policy.equals("last_per_subject") || next > target.lastSequence()) {
            return List.of();
        }
        return List.of("consumer " + name + " (deliver policy last_per_subject) delivers every message from sequence "
                + next + ", also those the original would have skipped as not the last of their subject (the server "
                + "keeps which ones it skips only while the consumer runs)");
    }

    private static String text(JsonValue v, String otherwise) {
        return v != null && v.string != null ? v.string : otherwise;
    }

    private static long number(JsonValue v) {
        return v != null && v.number != null ? v.number.longValue() : 0;
    }
}
