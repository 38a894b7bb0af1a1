package io.jetsnap.it.support;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Each message of a stream as nats-server stores it, read from {@code STREAM.MSG.GET}'s JSON
 * answer (which jnats' message model would parse and re-serialise): sequence, subject, the exact
 * header block ({@code hdrs}, or none) and payload, one line per message, the block escaped so a
 * difference can be read.
 */
public final class StoredBytes {
    private StoredBytes() {
    }

    public static List<String> of(Connection nc, String stream) throws Exception {
        List<String> lines = new ArrayList<>();
        long seq = 1;
        while (true) {
            Message reply = nc.request("$JS.API.STREAM.MSG.GET." + stream,
                    ("{\"seq\":" + seq + ",\"next_by_subj\":\">\"}").getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
            if (reply == null) {
                throw new IllegalStateException("no answer to a message get on " + stream);
            }
            Map<String, JsonValue> answer = JsonParser.parse(reply.getData()).map;
            if (answer.containsKey("error")) {
                if (answer.get("error").map.get("err_code").number.intValue() == 10037) {
                    return lines;
                }
                throw new IllegalStateException("message get on " + stream + " failed: " + new String(reply.getData(), StandardCharsets.UTF_8));
            }
            Map<String, JsonValue> m = answer.get("message").map;
            long at = m.get("seq").number.longValue();
            JsonValue hdrs = m.get("hdrs");
            JsonValue data = m.get("data");
            lines.add(at + " " + m.get("subject").string + " headers=" + (hdrs == null ? "none"
                    : escape(Base64.getDecoder().decode(hdrs.string))) + " payload=" + (data == null ? "" : data.string));
            seq = at + 1;
        }
    }

    /** The bytes with CR, LF, tab and anything outside printable ASCII escaped. */
    public static String escape(byte[] bytes) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : bytes) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
