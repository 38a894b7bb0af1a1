package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.NatsConstants;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link ConnectionSettings} into jnats {@link Options} and opens the connection, quietly,
 * with errors as one clear line that carries no secret.
 */
final class NatsConnector {
    private NatsConnector() {
    }

    /** A connection and what the server refused on it. */
    record Opened(Connection connection, ConnectionWatch watch) {
    }

    static Opened connect(ConnectionSettings settings) {
        ConnectionWatch watch = new ConnectionWatch();
        Options options = options(settings, watch);
        Redactor redactor = settings.redactor();
        String where = redactor.redact(settings.url());
        try {
            return new Opened(Nats.connect(options), watch);
        } catch (AuthenticationException e) {
            throw new SnapshotException(ErrorCode.SERVER, "NATS at " + where + " refused the login (" + settings.authDescription()
                    + "): " + redactor.redact(e.getMessage()), e);
        } catch (IOException e) {
            String refusal = watch.firstServerError();
            if (refusal != null && refusal.toLowerCase(java.util.Locale.ROOT).contains("authorization violation")) {
                // jnats reports a refused login as a plain IOException when the server's -ERR and its close race
                throw new SnapshotException(ErrorCode.SERVER, "NATS at " + where + " refused the login (" + settings.authDescription()
                        + "): " + redactor.redact(refusal), e);
            }
            String why = watch.firstExceptionMessage();
            if (settings.usesTls() && "TimeoutException".equals(why)) {
                why = "no answer in time: with TLS, the server may have refused the client certificate or the CA does not match";
            }
            throw new SnapshotException(ErrorCode.SERVER, "could not connect to NATS at " + where + " (" + settings.authDescription()
                    + "): " + redactor.redact(e.getMessage() + (why == null ? "" : " (" + why + ")")), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while connecting to " + where, e);
        }
    }

    /** A URL of a scheme jnats does not speak (http://, a typo), named with those it does; jnats' own error is a stack of URI jargon. */
    static void refuseUnknownScheme(String url, Redactor redactor) {
        int colon = url.indexOf("://");
        if (colon <= 0) {
            return; // host:port, which jnats reads as nats://
        }
        String scheme = url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!NatsConstants.KNOWN_PROTOCOLS.contains(scheme)) {
            throw SnapshotException.badInput("bad server URL '" + redactor.redact(url) + "': " + scheme + ":// is not a NATS "
                    + "scheme; use " + String.join(", ", NatsConstants.KNOWN_PROTOCOLS.stream().map(p -> p + "://").toList())
                    + " (e.g. nats://127.0.0.1:4222)");
        }
    }

    static Options options(ConnectionSettings s, ConnectionWatch watch) {
        Options.Builder b = new Options.Builder()
                .connectionName("jetsnap")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(60)
                .reconnectWait(Duration.ofSeconds(1))
                .errorListener(watch);
        try {
            b.servers(servers(s.url(), s.redactor()));
        } catch (IllegalArgumentException e) {
            throw SnapshotException.badInput("bad server URL '" + s.redactor().redact(s.url()) + "': " + s.redactor().redact(e.getMessage()));
        }
        if (s.creds() != null) {
            b.authHandler(KeyFile.creds(s.creds()).authHandler());
        } else if (s.nkey() != null) {
            b.authHandler(KeyFile.nkey(s.nkey(), s.userJwt()).authHandler());
        } else if (s.user() != null && s.password() != null) {
            b.userInfo(s.user(), s.password());
        } else if (s.token() != null) {
            b.token(s.token().toCharArray());
        } else if (s.user() != null) {
            b.token(s.user().toCharArray());
        }
        if (s.tlsCert() != null || s.tlsKey() != null || s.tlsCa() != null) {
            b.sslContext(PemTls.context(s.tlsCert(), s.tlsKey(), s.tlsCa()));
        }
        if (s.tlsFirst()) {
            b.tlsFirst();
        }
        if (s.inboxPrefix() != null) {
            b.inboxPrefix(s.inboxPrefix());
        }
        return b.build();
    }

    private static String[] servers(String urls, Redactor redactor) {
        List<String> list = new ArrayList<>();
        for (String u : urls.split(",")) {
            if (!u.isBlank()) {
                list.add(u.strip());
                refuseUnknownScheme(u.strip(), redactor);
            }
        }
        if (list.isEmpty()) {
            throw SnapshotException.badInput("no server URL given");
        }
        return list.toArray(new String[0]);
    }
}
