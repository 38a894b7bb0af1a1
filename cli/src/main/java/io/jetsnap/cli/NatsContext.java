package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A context of the {@code nats} CLI: {@code $XDG_CONFIG_HOME/nats/context/NAME.json} (else
 * {@code ~/.config/nats/...}), the selected one named in {@code nats/context.txt}. The format is
 * NATS ADR-21; jetsnap reads the connection fields and refuses a context that needs a feature it
 * does not have rather than connect differently from {@code nats}.
 */
record NatsContext(String name, Map<String, JsonValue> fields) {
    /** Fields that change where or how jetsnap would talk to JetStream; jetsnap cannot honour them yet. */
    private static final List<String> UNSUPPORTED = List.of("nsc", "jetstream_domain", "jetstream_api_prefix",
            "windows_cert_store", "windows_cert_match", "windows_cert_match_by", "windows_ca_certs_match");

    /**
     * The nats CLI's configuration directory, as the nats CLI finds it: {@code $XDG_CONFIG_HOME/nats}, else
     * {@code $HOME/.config/nats}; none when neither variable is set.
     */
    static Optional<Path> configDir(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "nats"));
        }
        return home(env).map(h -> h.resolve(".config").resolve("nats"));
    }

    /** The context selected with {@code nats context select}, if any. */
    static Optional<String> selected(Map<String, String> env) {
        Optional<Path> dir = configDir(env);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.get().resolve("context.txt");
        try {
            String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            // none selected, or not ours to see (another user's home, as the nats CLI also takes it)
            return Optional.empty();
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.BAD_INPUT, "could not read the selected nats context from "
                    + file + ": " + e.getMessage(), e);
        }
    }

    static NatsContext load(Map<String, String> env, String name) {
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.contains("..")) {
            throw SnapshotException.badInput("'" + name + "' is not a nats context name");
        }
        Path file = configDir(env).orElseThrow(() -> SnapshotException.badInput("nats context '" + name
                + "': neither HOME nor XDG_CONFIG_HOME is set, so there is no nats configuration directory"))
                .resolve("context").resolve(name + ".json");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SnapshotException.badInput("nats context '" + name + "' not found: no " + file
                    + " (list them with: nats context ls)");
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.BAD_INPUT, "could not read nats context '" + name + "' from "
                    + file + ": " + e.getMessage(), e);
        }
        JsonValue json;
        try {
            json = JsonParser.parse(text);
        } catch (JsonParseException e) {
            // the parser's message may quote the file, secrets included
            throw SnapshotException.badInput("nats context '" + name + "' (" + file + ") is not valid JSON");
        }
        if (json.map == null) {
            throw SnapshotException.badInput("nats context '" + name + "' (" + file + ") is not a JSON object");
        }
        NatsContext context = new NatsContext(name, json.map);
        for (String field : UNSUPPORTED) {
            if (context.string(field) != null) {
                throw SnapshotException.badInput("nats context '" + name + "' sets " + field
                        + ", which jetsnap does not support yet; use a context without it, or flags");
            }
        }
        return context;
    }

    /** A string field, {@code ~/} expanded for paths; null when absent or empty. */
    @Nullable String string(String field) {
        JsonValue v = fields.get(field);
        return v == null || v.string == null || v.string.isEmpty() ? null : v.string;
    }

    /** A path field with a leading {@code ~/} expanded, as the nats CLI does. */
    @Nullable String path(String field, Map<String, String> env) {
        String p = string(field);
        Optional<Path> home = home(env);
        if (p != null && home.isPresent() && (p.equals("~") || p.startsWith("~/"))) {
            return home.get().resolve(p.equals("~") ? "" : p.substring(2)).toString();
        }
        return p;
    }

    boolean flag(String field) {
        JsonValue v = fields.get(field);
        return v != null && Boolean.TRUE.equals(v.bool);
    }

    private static Optional<Path> home(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? Optional.of(Path.of(home)) : Optional.empty();
    }
}
