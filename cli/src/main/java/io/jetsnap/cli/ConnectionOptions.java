package io.jetsnap.cli;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How to reach and log in to NATS, with the {@code nats} CLI's flags and environment variables.
 * Each setting comes from the first of: its flag, its environment variable, the nats context
 * ({@code --context}, else {@code NATS_CONTEXT}, else the one selected in {@code context.txt}).
 */
final class ConnectionOptions {
    @Option(names = {"-s", "--server"}, scope = ScopeType.INHERIT, paramLabel = "URL",
            description = {"NATS server URL(s), comma separated (env NATS_URL; default: the context's, else " + ConnectionSettings.DEFAULT_URL + ").",
                    "nats://user:password@host and nats://token@host log in as the nats CLI does."})
    String server;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "User name (env NATS_USER); without --password it is a token, as in the nats CLI.")
    String user;

    @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "Password (env NATS_PASSWORD). Prefer the variable: a flag shows in the process list.")
    String password;

    @Option(names = "--creds", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "User credentials file: user JWT and nkey seed (env NATS_CREDS).")
    String creds;

    @Option(names = "--nkey", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "User nkey seed file (env NATS_NKEY).")
    String nkey;

    @Option(names = "--tlscert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "TLS client certificate, PEM (env NATS_CERT).")
    String tlsCert;

    @Option(names = "--tlskey", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Private key of the client certificate, unencrypted PEM (env NATS_KEY).")
    String tlsKey;

    @Option(names = "--tlsca", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Certificate authorities to trust, PEM (env NATS_CA; default: the JDK's).")
    String tlsCa;

    @Option(names = "--tlsfirst", scope = ScopeType.INHERIT,
            description = "TLS handshake before the server's INFO, for servers with handshake_first.")
    boolean tlsFirst;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = {"nats CLI context to read (env NATS_CONTEXT; default: the selected one, `nats context select`).",
                    "Flags and environment variables override its settings."})
    String context;

    /** The settings to connect with: flags, else environment, else the nats context, else defaults. */
    ConnectionSettings resolve(Map<String, String> env) {
        Optional<NatsContext> ctx = contextName(env).map(name -> NatsContext.load(env, name));
        String url = first(server, env.get("NATS_URL"), ctx.map(c -> c.string("url")).orElse(null));
        String u = first(user, env.get("NATS_USER"), ctx.map(c -> c.string("user")).orElse(null));
        String p = first(password, env.get("NATS_PASSWORD"), ctx.map(c -> c.string("password")).orElse(null));
        return new ConnectionSettings(
                url != null ? url : ConnectionSettings.DEFAULT_URL,
                u, p,
                ctx.map(c -> c.string("token")).orElse(null),
                first(creds, env.get("NATS_CREDS"), ctx.map(c -> c.path("creds", env)).orElse(null)),
                first(nkey, env.get("NATS_NKEY"), ctx.map(c -> c.path("nkey", env)).orElse(null)),
                ctx.map(c -> c.string("user_jwt")).orElse(null),
                first(tlsCert, env.get("NATS_CERT"), ctx.map(c -> c.path("cert", env)).orElse(null)),
                first(tlsKey, env.get("NATS_KEY"), ctx.map(c -> c.path("key", env)).orElse(null)),
                first(tlsCa, env.get("NATS_CA"), ctx.map(c -> c.path("ca", env)).orElse(null)),
                tlsFirst || ctx.map(c -> c.flag("tls_first")).orElse(false),
                ctx.map(c -> c.string("inbox_prefix")).orElse(null),
                ctx.map(NatsContext::name).orElse(null));
    }

    private Optional<String> contextName(Map<String, String> env) {
        String named = first(context, env.get("NATS_CONTEXT"), null);
        return named != null ? Optional.of(named) : NatsContext.selected(env);
    }

    private static @Nullable String first(@Nullable String flag, @Nullable String fromEnv, @Nullable String fromContext) {
        for (String v : new String[] {flag, fromEnv, fromContext}) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
