package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The user key of a {@code .creds} file (a user JWT and its nkey seed) or of an nkey seed file,
 * read once and checked, so that a bad file fails before connecting and says which file.
 */
record KeyFile(@Nullable String jwt, char[] seed) {
    private static final Pattern SEED = Pattern.compile("\\bSU[A-Z2-7]{56}\\b");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** A {@code .creds} file: a user JWT and the user's seed. */
    static KeyFile creds(String file) {
        String text = read(file, "credentials file");
        Matcher jwt = JWT.matcher(text);
        if (!jwt.find()) {
            throw SnapshotException.badInput("credentials file " + file + " holds no user JWT (is it a .creds file?)");
        }
        return new KeyFile(jwt.group(), seed(text, file, "credentials file"));
    }

    /** An nkey seed file, optionally signing for a user JWT (a nats context's {@code user_jwt}). */
    static KeyFile nkey(String file, @Nullable String userJwt) {
        return new KeyFile(userJwt, seed(read(file, "nkey file"), file, "nkey file"));
    }

    AuthHandler authHandler() {
        return Nats.staticCredentials(jwt == null ? null : jwt.toCharArray(), seed);
    }

    String seedText() {
        return new String(seed);
    }

    private static char[] seed(String text, String file, String what) {
        Matcher m = SEED.matcher(text);
        if (!m.find()) {
            throw SnapshotException.badInput(what + " " + file + " holds no user nkey seed (SU...)");
        }
        char[] seed = m.group().toCharArray();
        try {
            NKey.fromSeed(seed).clear();
        } catch (Exception e) {
            throw SnapshotException.badInput(what + " " + file + " holds a malformed user nkey seed");
        }
        return seed;
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SnapshotException.badInput(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.BAD_INPUT, "could not read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
