package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConnectionOptionsTest {
    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static ConnectionSettings resolve(Map<String, String> env, String... args) {
        CommandLine cl = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env);
        cl.parseArgs(args);
        JetsnapCommand top = cl.getCommand();
        return top.connection.resolve(env);
    }

    private Path writeContext(Path configHome, String name, String json) throws IOException {
        Path dir = Files.createDirectories(configHome.resolve("nats/context"));
        return Files.writeString(dir.resolve(name + ".json"), json);
    }

    @Test
    void withNothingGivenTheDefaultServerAndNoCredentials() {
        ConnectionSettings s = resolve(env(), "snapshot", "orders", "x.json");
        assertEquals("nats://127.0.0.1:4222", s.url());
        assertNull(s.user());
        assertEquals("no credentials", s.authDescription());
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheContext() throws IOException {
        writeContext(home.resolve(".config"), "prod", """
                {"url": "nats://ctx:4222", "user": "ctx-user", "password": "ctx-pass", "creds": "", "ca": "~/ca.pem",
                 "cert": "/ctx/cert.pem", "key": "/ctx/key.pem", "tls_first": true, "inbox_prefix": "_I.jetsnap"}""");
        Map<String, String> env = env("NATS_CONTEXT", "prod", "NATS_USER", "env-user", "NATS_URL", "nats://env:4222",
                "NATS_KEY", "/env/key.pem");
        ConnectionSettings s = resolve(env, "snapshot", "orders", "x.json", "--server", "nats://flag:4222", "--tlscert", "/flag/cert.pem");
        assertEquals("nats://flag:4222", s.url());
        assertEquals("env-user", s.user());
        assertEquals("ctx-pass", s.password());
        assertEquals("/flag/cert.pem", s.tlsCert());
        assertEquals("/env/key.pem", s.tlsKey());
        assertEquals(home.resolve("ca.pem").toString(), s.tlsCa());
        assertNull(s.creds(), "an empty context field is unset");
        assertTrue(s.tlsFirst());
        assertEquals("_I.jetsnap", s.inboxPrefix());
        assertEquals("prod", s.context());
    }

    @Test
    void contextFlagWinsOverNatsContextAndTheSelectedOne() throws IOException {
        Path xdg = home.resolve("xdg");
        writeContext(xdg, "a", "{\"url\": \"nats://a:4222\"}");
        writeContext(xdg, "b", "{\"url\": \"nats://b:4222\"}");
        writeContext(xdg, "c", "{\"url\": \"nats://c:4222\", \"token\": \"t0ken\"}");
        Files.writeString(xdg.resolve("nats/context.txt"), "c\n");
        assertEquals("nats://c:4222", resolve(env("XDG_CONFIG_HOME", xdg.toString()), "info", "x").url());
        assertEquals("t0ken", resolve(env("XDG_CONFIG_HOME", xdg.toString()), "info", "x").token());
        assertEquals("nats://b:4222", resolve(env("XDG_CONFIG_HOME", xdg.toString(), "NATS_CONTEXT", "b"), "info", "x").url());
        assertEquals("nats://a:4222", resolve(env("XDG_CONFIG_HOME", xdg.toString(), "NATS_CONTEXT", "b"),
                "--context", "a", "info", "x").url());
    }

    @Test
    void optionsMayComeBeforeOrAfterTheCommand() {
        assertEquals("nats://before:1", resolve(env(), "-s", "nats://before:1", "--user", "u", "restore", "s", "x").url());
        ConnectionSettings after = resolve(env(), "restore", "s", "x", "-s", "nats://after:1", "--user", "u", "--password", "p");
        assertEquals("nats://after:1", after.url());
        assertEquals("p", after.password());
    }

    @Test
    void aMissingContextIsABadInputNamingTheFile() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> resolve(env(), "--context", "nope", "info", "x"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void aContextNameIsNotAPath() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> resolve(env(), "--context", "../etc/x", "info", "x"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
    }

    @Test
    void aContextWithAJetStreamDomainIsRefusedRatherThanIgnored() throws IOException {
        writeContext(home.resolve(".config"), "leaf", "{\"url\": \"nats://x:4222\", \"jetstream_domain\": \"hub\"}");
        SnapshotException e = assertThrows(SnapshotException.class, () -> resolve(env(), "--context", "leaf", "info", "x"));
        assertTrue(e.getMessage().contains("jetstream_domain"), e.getMessage());
    }

    @Test
    void aBrokenContextFileDoesNotQuoteItsSecrets() throws IOException {
        writeContext(home.resolve(".config"), "bad", "{\"password\": \"hunter22\", ");
        SnapshotException e = assertThrows(SnapshotException.class, () -> resolve(env(), "--context", "bad", "info", "x"));
        assertTrue(!e.getMessage().contains("hunter22"), e.getMessage());
    }

    @Test
    void authDescriptionNamesTheMethodButNoSecret() {
        ConnectionSettings s = resolve(env(), "--user", "alice", "--password", "s3cret!", "info", "x");
        assertEquals("user alice and password", s.authDescription());
        ConnectionSettings token = resolve(env(), "--user", "tok-123456", "info", "x");
        assertEquals("token", token.authDescription());
    }
}
