package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;

/** Opens the NATS connection for a command, quietly, with errors as one clear line. */
final class NatsConnector {
    private NatsConnector() {
    }

    static Connection connect(String url) {
        Options options = new Options.Builder()
                .server(url)
                .connectionName("jetsnap")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(60)
                .reconnectWait(Duration.ofSeconds(1))
                .errorListener(new ErrorListener() { })
                .build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not connect to NATS at " + redact(url) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while connecting to " + redact(url), e);
        } catch (IllegalArgumentException e) {
            throw SnapshotException.badInput("bad server URL '" + redact(url) + "': " + e.getMessage());
        }
    }

    /** The URL with any user information replaced, so that secrets never reach output. */
    static String redact(String url) {
        return url.replaceAll("(?<=://)[^@/,]*@", "***@");
    }
}
