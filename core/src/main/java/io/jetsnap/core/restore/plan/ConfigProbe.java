package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonPath;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Asks the target server, before the target is touched, whether it accepts the configuration a
 * restore will apply and what it would keep of it. It creates a scratch stream of jetsnap's own
 * ({@link ProbeNames}: private name, private subjects, the same storage, replicas and limits)
 * with the load configuration (the server-side restore, which applies only the final one: the final
 * one unsealed, since a create may not seal), updates it to the final one, creates every consumer on it (as
 * the restore will: {@link ConsumerPlacement} may move it to {@code by_start_sequence}), compares what the server reports back with what
 * was asked for ({@link ConfigComparison}), and deletes it again, whatever happened.
 *
 * <p>A refusal of any of these is the refusal the restore would meet, so it stops the restore with
 * nothing changed. One kind is not: an account limit (streams, storage, memory) or a subject
 * overlap that the existing target itself may cause, since the restore deletes or replaces it
 * first. Then the scratch stream cannot stand beside it, and the configuration is compared with
 * the fields the server's version knows instead ({@link ServerConfigKnowledge}), and a note says so.
 */
public final class ConfigProbe {
    /** JetStream API error codes for limits the existing target may be the cause of. */
    private static final Set<Integer> BESIDE_TARGET = Set.of(
            10023, // insufficient resources
            10027, // maximum number of streams reached
            10028, // insufficient memory resources available
            10047, // insufficient storage resources available
            10065); // subjects overlap with an existing stream
    /** JetStream API error code: stream name already in use with a different configuration. */
    private static final int NAME_IN_USE = 10058;
    /** How many unknown fields one configuration may have taken out before the server's refusal stands. */
    private static final int MAX_UNKNOWN_FIELDS = 64;

    private final JsApi api;
    private final ServerVersion server;

    public ConfigProbe(JsApi api, ServerVersion server) {
        this.api = api;
        this.server = server;
    }

    /**
     * What the probe found: the fields the server would not keep, and what to know about how they
     * were found (empty when the server itself was asked and its scratch stream is gone again).
     */
    public record Findings(List<ConfigLoss> losses, List<String> notes) {
        public Findings {
            losses = List.copyOf(losses);
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param targetExists the target exists now (and the restore would delete or replace it)
     * @throws SnapshotException when the server refuses the configuration; nothing was changed
     */
    public Findings check(String target, RestorePlan plan, List<ConsumerSnapshot> consumers,
                   java.util.function.Function<ConsumerSnapshot, String> asCreated, boolean serverSide, boolean targetExists) {
        ProbeNames names = new ProbeNames(target);
        List<ConfigLoss> losses = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        UnknownFields unknown = plan.unknownFields();
        try {
            // the server-side restore applies the final configuration itself, sealed or not; a create may not seal
            Supplier<String> first = () -> serverSide ? unsealed(plan.finalConfigJson()) : plan.loadConfigJson();
            String answer = step(first, json -> create(names, json), unknown::stream,
                    "the configuration of stream " + target, names, targetExists);
            PlacementCheck.check(target, plan.askedPlacement(), answer).ifPresent(notes::add);
            List<ConfigLoss> loaded = ConfigComparison.stream(target, first.get(), names.fromProbe(config(answer)));
            answer = step(plan::finalConfigJson, json -> api.updateStream(names.stream(), names.toProbe(json)), unknown::stream,
                    "the update of stream " + target + " from the restore's load configuration to the snapshot's",
                    names, targetExists);
            List<ConfigLoss> last = ConfigComparison.stream(target, plan.finalConfigJson(), names.fromProbe(config(answer)));
            refuseLoadOnlyLosses(target, loaded, last);
            losses.addAll(last);
            for (ConsumerSnapshot c : consumers) {
                // as the restore creates it: moved to its position (by_start_sequence) where the server cannot move it
                Supplier<String> created = () -> unknown.consumer(c.name(), asCreated.apply(c));
                answer = step(created, json -> api.createDurableConsumer(names.stream(), c.name(), names.toProbe(json)),
                        (path, json) -> unknown.consumer(c.name(), path, json),
                        "consumer " + c.name() + " of stream " + target, names, targetExists);
                losses.addAll(ConfigComparison.consumer(c.name(), created.get(), names.fromProbe(config(answer))));
            }
            losses.addAll(0, unknown.losses(target, server));
        } catch (BesideTarget e) {
            notes.add("the server could not take a scratch stream beside the existing stream " + target + " ("
                    + reason(e.refusal) + "), so the configuration was compared with the fields nats-server " + server
                    + " knows instead of being checked by the server; whether the server accepts it shows only once the "
                    + "existing stream is out of the way");
            losses.clear();
            losses.addAll(byVersion(target, plan, consumers, asCreated));
        } finally {
            // in any case: a create whose answer was lost may still have made it (one that was refused did not)
            String left = deleteQuietly(names.stream());
            if (left != null) {
                notes.add(left);
            }
        }
        return new Findings(losses, notes);
    }

    /**
     * One request of the probe, with the configuration {@code config} gives: a refusal is the
     * restore's refusal, except a limit the existing target may be the cause of ({@link BesideTarget})
     * and a field a strict server does not know, which is taken out ({@code unknown}) and the request
     * sent again, at most {@link #MAX_UNKNOWN_FIELDS} times.
     */
    private String step(Supplier<String> config, java.util.function.UnaryOperator<String> request,
                        java.util.function.BiConsumer<JsonPath, String> unknown, String what, ProbeNames names,
                        boolean targetExists) {
        for (int taken = 0; ; taken++) {
            String json = config.get();
            try {
                return request.apply(json);
            } catch (SnapshotException e) {
                if (targetExists && BESIDE_TARGET.contains(e.serverErrorCode())) {
                    throw new BesideTarget(e);
                }
                String field = UnknownFields.refusedField(e);
                JsonPath path = field == null ? null : UnknownFields.locate(json, field);
                if (path == null || taken == MAX_UNKNOWN_FIELDS) {
                    throw refused(what, names, e);
                }
                unknown.accept(path, json);
            }
        }
    }

    /** The scratch stream hit a limit that the existing target, which the restore replaces, may be the cause of. */
    private static final class BesideTarget extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SnapshotException refusal;

        BesideTarget(SnapshotException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * The losses, accepted or refused: refused (nothing changed) unless {@code allowLoss}; accepted,
     * one note per lost field, plus the probe's own notes.
     */
    public static List<String> accept(Findings findings, boolean allowLoss, ServerVersion server) {
        List<String> notes = new ArrayList<>();
        if (findings.losses().isEmpty()) {
            notes.addAll(findings.notes());
            return notes;
        }
        if (!allowLoss) {
            StringBuilder s = new StringBuilder("nats-server " + server + " would not keep all of the snapshot's "
                    + "configuration: ");
            for (int i = 0; i < findings.losses().size(); i++) {
                s.append(i == 0 ? "" : "; ").append(findings.losses().get(i).describe());
            }
            throw new SnapshotException(ErrorCode.UNSUPPORTED, s + "; nothing was changed (to restore without "
                    + (findings.losses().size() == 1 ? "it" : "them") + ", allow the loss of configuration: "
                    + "--allow-config-loss)" + (findings.notes().isEmpty() ? "" : " (" + String.join("; ", findings.notes()) + ")"));
        }
        for (ConfigLoss loss : findings.losses()) {
            notes.add("configuration not kept by nats-server " + server + ": " + loss.describe());
        }
        notes.addAll(findings.notes());
        return notes;
    }

    private String create(ProbeNames names, String configJson) {
        String probe = names.toProbe(configJson);
        try {
            return api.createStream(names.stream(), probe);
        } catch (SnapshotException e) {
            if (e.serverErrorCode() != NAME_IN_USE) {
                throw e;
            }
            // a scratch stream a killed restore of this target left behind: it is jetsnap's own, by its name
            api.deleteStream(names.stream());
            return api.createStream(names.stream(), probe);
        }
    }

    /**
     * The losses as the server's version knows its fields. A top-level field it does not know is
     * taken out of what the restore sends (a strict server would refuse it; another drops it).
     */
    private List<ConfigLoss> byVersion(String target, RestorePlan plan, List<ConsumerSnapshot> consumers,
                                       java.util.function.Function<ConsumerSnapshot, String> asCreated) {
        UnknownFields unknown = plan.unknownFields();
        List<ConfigLoss> losses = new ArrayList<>();
        String stream = plan.finalConfigJson();
        for (ConfigLoss loss : ConfigComparison.stream(target, stream, ServerConfigKnowledge.streamAsKnownBy(server, stream))) {
            if (unknownAtTop(loss)) {
                unknown.stream(JsonPath.of(loss.field()), stream);
            } else {
                losses.add(loss);
            }
        }
        for (ConsumerSnapshot c : consumers) {
            String created = unknown.consumer(c.name(), asCreated.apply(c));
            for (ConfigLoss loss : ConfigComparison.consumer(c.name(), created,
                    ServerConfigKnowledge.consumerAsKnownBy(server, created))) {
                if (unknownAtTop(loss)) {
                    unknown.consumer(c.name(), JsonPath.of(loss.field()), created);
                } else {
                    losses.add(loss);
                }
            }
        }
        losses.addAll(0, unknown.losses(target, server));
        return losses;
    }

    private static boolean unknownAtTop(ConfigLoss loss) {
        return loss.kept() == null && !loss.field().contains(".");
    }

    /**
     * A field of the load configuration that the server drops although the final one keeps it (or
     * does not have it): the restore needs it to load the messages right, whatever the user accepts.
     */
    private void refuseLoadOnlyLosses(String target, List<ConfigLoss> load, List<ConfigLoss> last) {
        for (ConfigLoss loss : load) {
            if (last.stream().noneMatch(l -> l.field().equals(loss.field()))) {
                throw new SnapshotException(ErrorCode.UNSUPPORTED, "nats-server " + server + " would not keep "
                        + loss.field() + " " + loss.wanted() + " of the configuration the restore loads stream " + target
                        + " under, so the messages could not be restored as they were; nothing was changed");
            }
        }
    }

    private SnapshotException refused(String what, ProbeNames names, SnapshotException e) {
        String reason = reason(e);
        // nats-server 2.12+ refuses a field it does not know instead of dropping it
        String unknown = reason.contains("unknown field") ? " (a field of the snapshot's configuration that this server "
                + "does not know, and that jetsnap could not find in one place of it to leave out)" : "";
        return new SnapshotException(e.code(), "nats-server " + server + " refuses " + what + ": " + reason + unknown
                + "; nothing was changed (the server was asked with a scratch stream, " + names.stream()
                + ", before the target was touched)", e, e.serverErrorCode());
    }

    /** The server's own words in a failed request's message ({@code could not ...: REASON}). */
    private static String reason(SnapshotException e) {
        String m = e.getMessage();
        int colon = m.indexOf(": ");
        return m.startsWith("could not ") && colon > 0 ? m.substring(colon + 2) : m;
    }

    /** Deletes the scratch stream; null when it is gone, else a note saying what is left and how to remove it. */
    private @Nullable String deleteQuietly(String probe) {
        try {
            api.deleteStream(probe);
            return null;
        } catch (RuntimeException e) {
            if (e instanceof SnapshotException se && se.serverErrorCode() == JsApi.STREAM_NOT_FOUND) {
                return null;
            }
            return "the scratch stream " + probe + " could not be deleted (" + e.getMessage() + "); it holds no "
                    + "messages; delete it with: nats stream rm -f " + probe;
        }
    }

    private static String unsealed(String configJson) {
        Map<String, JsonValue> c = new LinkedHashMap<>(JsApi.parse(configJson).map);
        c.put("sealed", JsonValue.FALSE);
        return new JsonValue(c).toJson();
    }

    private static String config(String answer) {
        String config = JsonText.topLevelMember(answer, "config");
        if (config == null) {
            throw new SnapshotException(ErrorCode.SERVER, "the server's answer names no configuration: " + answer);
        }
        return config;
    }
}
