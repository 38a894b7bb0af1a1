package io.jetsnap.core.jetstream;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.StreamState;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A stream as STREAM.INFO described it: its configuration verbatim and its state.
 *
 * @param configJson the {@code config} member of the server's answer, byte for byte
 * @param allowDirect the stream answers direct gets ({@code allow_direct}); a snapshot never changes it
 * @param subjects how many distinct subjects its messages have ({@code num_subjects}), 0 where the server does not say
 */
public record SourceStream(String name, String configJson, StreamState state, String retention, boolean mirror,
                    boolean allowDirect, long subjects) {

    public static SourceStream fromInfo(String name, String infoText) {
        String config = JsonText.topLevelMember(infoText, "config");
        if (config == null) {
            throw new SnapshotException(ErrorCode.SERVER, "the server's info for stream " + name + " has no configuration");
        }
        Map<String, JsonValue> info = JsApi.parse(infoText).map;
        Map<String, JsonValue> cfg = JsApi.parse(config).map;
        JsonValue stateValue = info.get("state");
        Map<String, JsonValue> s = stateValue != null && stateValue.map != null ? stateValue.map : Map.of();
        long messages = JsonText.number(s, "messages");
        StreamState state = new StreamState(messages, JsonText.number(s, "bytes"), JsonText.number(s, "first_seq"), JsonText.number(s, "last_seq"),
                messages == 0 ? null : time(s, "first_ts"), messages == 0 ? null : time(s, "last_ts"));
        JsonValue retention = cfg.get("retention");
        JsonValue mirror = cfg.get("mirror");
        return new SourceStream(name, config, state,
                retention != null && retention.string != null ? retention.string : "limits",
                mirror != null && mirror.type != JsonValue.Type.NULL,
                cfg.get("allow_direct") != null && Boolean.TRUE.equals(cfg.get("allow_direct").bool), JsonText.number(s, "num_subjects"));
    }

    private static @Nullable Instant time(Map<String, JsonValue> map, String key) {
        JsonValue v = map.get(key);
        if (v == null || v.string == null) {
            return null;
        }
        Instant t = OffsetDateTime.parse(v.string).toInstant();
        return t.getEpochSecond() <= 0 ? null : t;
    }
}
