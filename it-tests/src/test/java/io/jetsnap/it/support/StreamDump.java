package io.jetsnap.it.support;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A message-by-message dump of a stream (sequence, subject, headers, payload), read with message
 * gets; {@link #times} lists the stored timestamps.
 */
public final class StreamDump {
    private StreamDump() {
    }

    public static List<String> of(Connection nc, String stream) throws IOException, JetStreamApiException {
        return walk(nc, stream, m -> {
            StringBuilder headers = new StringBuilder();
            if (m.getHeaders() != null) {
                for (Map.Entry<String, List<String>> e : m.getHeaders().entrySet()) {
                    headers.append(e.getKey()).append('=').append(e.getValue()).append(';');
                }
            }
            return m.getSeq() + " " + m.getSubject() + " [" + headers + "] "
                    + Base64.getEncoder().encodeToString(m.getData() == null ? new byte[0] : m.getData());
        });
    }

    /** Each message's sequence and the time the server stored it. */
    public static List<String> times(Connection nc, String stream) throws IOException, JetStreamApiException {
        return walk(nc, stream, m -> m.getSeq() + " " + m.getTime().toInstant());
    }

    private static List<String> walk(Connection nc, String stream, Function<MessageInfo, String> line)
            throws IOException, JetStreamApiException {
        JetStreamManagement jsm = nc.jetStreamManagement();
        StreamInfo info = jsm.getStreamInfo(stream);
        List<String> lines = new ArrayList<>();
        if (info.getStreamState().getMsgCount() == 0) {
            return lines;
        }
        long seq = info.getStreamState().getFirstSequence();
        long last = info.getStreamState().getLastSequence();
        while (seq <= last) {
            MessageInfo m;
            try {
                m = jsm.getNextMessage(stream, seq, ">");
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == 10037) {
                    break; // no message found: messages deleted at the end leave the last sequence above the last message
                }
                throw e;
            }
            lines.add(line.apply(m));
            seq = m.getSeq() + 1;
        }
        return lines;
    }

    /** Fails with the first differing line (shortened), rather than two whole dumps. */
    public static void assertSame(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError("dumps differ at line " + i + ":\n expected " + shorten(expected.get(i))
                        + "\n actual   " + shorten(actual.get(i)));
            }
        }
        if (expected.size() != actual.size()) {
            throw new AssertionError("dumps differ in length: expected " + expected.size() + " lines, got " + actual.size());
        }
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }

    public static List<String> payloads(Connection nc, String stream) throws IOException, JetStreamApiException {
        List<String> out = new ArrayList<>();
        for (String line : of(nc, stream)) {
            String b64 = line.substring(line.lastIndexOf(' ') + 1);
            out.add(new String(Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
