package io.jetsnap.it;

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

/** A message-by-message dump of a stream (sequence, subject, headers, payload), read with message gets. */
final class StreamDump {
    private StreamDump() {
    }

    static List<String> of(Connection nc, String stream) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = nc.jetStreamManagement();
        StreamInfo info = jsm.getStreamInfo(stream);
        List<String> lines = new ArrayList<>();
        if (info.getStreamState().getMsgCount() == 0) {
            return lines;
        }
        long seq = info.getStreamState().getFirstSequence();
        long last = info.getStreamState().getLastSequence();
        while (seq <= last) {
            MessageInfo m = jsm.getNextMessage(stream, seq, ">");
            StringBuilder headers = new StringBuilder();
            if (m.getHeaders() != null) {
                for (Map.Entry<String, List<String>> e : m.getHeaders().entrySet()) {
                    headers.append(e.getKey()).append('=').append(e.getValue()).append(';');
                }
            }
            lines.add(m.getSeq() + " " + m.getSubject() + " [" + headers + "] "
                    + Base64.getEncoder().encodeToString(m.getData() == null ? new byte[0] : m.getData()));
            seq = m.getSeq() + 1;
        }
        return lines;
    }

    static List<String> payloads(Connection nc, String stream) throws IOException, JetStreamApiException {
        List<String> out = new ArrayList<>();
        for (String line : of(nc, stream)) {
            String b64 = line.substring(line.lastIndexOf(' ') + 1);
            out.add(new String(Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
