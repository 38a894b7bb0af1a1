package io.jetsnap.cli;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to connect to NATS, resolved from flags, environment and a nats CLI context.
 * File fields are paths; secrets are the values themselves and never printed ({@link #redactor()}).
 *
 * @param url         one server URL, or several separated by commas; may carry {@code user:password@} or {@code token@}
 * @param user        user name; without a password it is a token, as in the nats CLI
 * @param password    password for {@code user}
 * @param token       authentication token
 * @param creds       path to a {@code .creds} file (user JWT and nkey seed)
 * @param nkey        path to a file holding an nkey seed
 * @param userJwt     a user JWT, signed for with the seed in {@code nkey} (nats context {@code user_jwt})
 * @param tlsCert     path to the client certificate (PEM)
 * @param tlsKey      path to the client certificate's private key (PEM)
 * @param tlsCa       path to the certificate authorities to trust (PEM)
 * @param tlsFirst    TLS before the server's INFO (server option {@code handshake_first})
 * @param inboxPrefix prefix of reply subjects instead of {@code _INBOX}
 * @param context     the nats CLI context these settings came from, if any
 */
record ConnectionSettings(String url, @Nullable String user, @Nullable String password, @Nullable String token,
                          @Nullable String creds, @Nullable String nkey, @Nullable String userJwt,
                          @Nullable String tlsCert, @Nullable String tlsKey, @Nullable String tlsCa, boolean tlsFirst,
                          @Nullable String inboxPrefix, @Nullable String context) {
    static final String DEFAULT_URL = "nats://127.0.0.1:4222";

    boolean usesTls() {
        return tlsCert != null || tlsCa != null || tlsFirst || url.startsWith("tls://");
    }

    /** How the connection authenticates, for people: never a secret. */
    String authDescription() {
        List<String> parts = new ArrayList<>();
        if (creds != null) {
            parts.add("credentials file " + creds);
        } else if (nkey != null) {
            parts.add(userJwt != null ? "user JWT and nkey " + nkey : "nkey " + nkey);
        } else if (user != null && password != null) {
            parts.add("user " + user + " and password");
        } else if (token != null || user != null) {
            parts.add("token");
        } else if (url.contains("@")) {
            parts.add(url.matches("(?s).*://[^/@,]*:[^/@,]*@.*") ? "user and password in the URL" : "token in the URL");
        }
        if (tlsCert != null) {
            parts.add("client certificate " + tlsCert);
        }
        if (tlsCa != null) {
            parts.add("CA " + tlsCa);
        }
        if (context != null) {
            parts.add("context " + context);
        }
        return parts.isEmpty() ? "no credentials" : String.join(", ", parts);
    }

    /** Hides this connection's password, token and URL credentials, wherever they appear, and credentials in any URL. */
    Redactor redactor() {
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        if (token != null) {
            secrets.add(token);
        }
        if (user != null && password == null) {
            secrets.add(user);
        }
        if (userJwt != null) {
            secrets.add(userJwt);
        }
        secrets.addAll(Redactor.credentialsIn(url));
        return new Redactor(secrets);
    }
}
