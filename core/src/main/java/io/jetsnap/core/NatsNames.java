package io.jetsnap.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stream names and subjects nats-server accepts, checked before anything is asked of it: a name
 * the server forbids would otherwise be sent as a subject token ({@code STREAM.INFO.a.b}), which no
 * one answers, or be refused only after a restore has read the whole snapshot.
 */
public final class NatsNames {
    /** nats-server's longest stream name, in bytes ({@code JSMaxNameLen}). */
    static final int MAX_STREAM_NAME_BYTES = 255;

    private NatsNames() {
    }

    /** Why nats-server refuses {@code name} as a stream name, or null when it takes it. */
    public static @Nullable String whyNotAStreamName(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        for (char c : new char[] {'.', '*', '>', '/', '\\'}) {
            if (name.indexOf(c) >= 0) {
                return "it contains '" + c + "'";
            }
        }
        if (name.chars().anyMatch(NatsNames::whitespace)) {
            return "it contains whitespace";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_STREAM_NAME_BYTES ? "it is " + bytes + " bytes long, more than the " + MAX_STREAM_NAME_BYTES
                + " nats-server allows" : null;
    }

    /** Why nats-server refuses {@code subject} as a stream's subject, or null when it takes it. */
    public static @Nullable String whyNotASubject(String subject) {
        if (subject.isEmpty()) {
            return "it is empty";
        }
        if (subject.chars().anyMatch(NatsNames::whitespace)) {
            return "it contains whitespace";
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].isEmpty()) {
                return "it has an empty token (a leading, trailing or doubled '.')";
            }
            if (tokens[i].equals(">") && i < tokens.length - 1) {
                return "'>' may only be its last token";
            }
        }
        return null;
    }

    /** A usage error ({@code BAD_INPUT}) naming {@code what} unless nats-server takes {@code name} as a stream name. */
    public static void requireStreamName(String name, String what) {
        String why = whyNotAStreamName(name);
        if (why != null) {
            throw SnapshotException.badInput(what + " '" + name + "' is not a name nats-server allows for a stream: " + why
                    + " (a stream name may not contain '.', '*', '>', '/', '\\' or whitespace)");
        }
    }

    /** A usage error unless nats-server takes every one of {@code subjects}; null is none given. */
    public static void requireSubjects(@Nullable List<String> subjects, String what) {
        if (subjects == null) {
            return;
        }
        for (String subject : subjects) {
            String why = whyNotASubject(subject);
            if (why != null) {
                throw SnapshotException.badInput(what + " '" + subject + "' is not a subject nats-server allows: " + why);
            }
        }
    }

    private static boolean whitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
    }
}
