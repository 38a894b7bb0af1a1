package io.jetsnap.core.restore.verify;

import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.HeaderBlock;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A header block whose first line carries more than {@code NATS/1.0} (a status and description,
 * or only spaces) is rewritten by nats-server 2.14+ when it is published into a stream: everything
 * between {@code NATS/1.0} and the line's end is removed, and the whole block when no header is
 * left (server/client.go removeHeaderStatusIfPresent, called on every inbound stream message).
 * Older servers stored such blocks as sent, so a snapshot of theirs can hold them; the publishing
 * restore into 2.14+ cannot bring those bytes back, the server-side restore (2.15+) can.
 */
public final class StatusLines {
    private static final byte[] VERSION = "NATS/1.0".getBytes(StandardCharsets.US_ASCII);

    private StatusLines() {
    }

    /** Whether publishing {@code headers} into {@code server} stores other bytes. */
    public static boolean rewrittenOnPublish(ServerVersion server, HeaderBlock headers) {
        return server.atLeast(2, 14) && hasStatus(headers.bytes());
    }

    /** Whether the first line of the block has anything after {@code NATS/1.0}. */
    static boolean hasStatus(byte[] block) {
        if (block.length <= VERSION.length) {
            return false;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (block[i] != VERSION[i]) {
                return false;
            }
        }
        return block[VERSION.length] != '\r';
    }

    /** The restore's note for {@code count} such messages, if there are any. */
    public static Optional<String> note(long count, ServerVersion server) {
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of((count == 1 ? "1 message has" : count + " messages have") + " a header block whose first line carries a status after NATS/1.0 "
                + "(stored as sent by an older server); nats-server " + server + " removes it on publish (2.14+), so "
                + "their header bytes come back without it, and with no header block where it had no header (the "
                + "server-side restore of nats-server 2.15+ keeps them as they were)");
    }
}
