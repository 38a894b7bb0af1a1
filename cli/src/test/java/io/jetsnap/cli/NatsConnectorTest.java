package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.NKey;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings become the jnats options the nats CLI would use; no server needed. */
class NatsConnectorTest {
    @TempDir
    Path dir;

    private static ConnectionSettings settings(String url, String user, String password, String token, String creds, String nkey) {
        return new ConnectionSettings(url, user, password, token, creds, nkey, null, null, null, null, false, "_I.me", null);
    }

    private static Options options(ConnectionSettings s) {
        return NatsConnector.options(s, new ConnectionWatch());
    }

    @Test
    void userAndPasswordLogIn() {
        Options o = options(settings("nats://h:4222", "alice", "pw", null, null, null));
        assertEquals("alice", o.getUsername());
        assertEquals("pw", o.getPassword());
        assertNull(o.getToken());
        assertEquals("_I.me.", o.getInboxPrefix());
    }

    @Test
    void aUserWithoutPasswordIsAToken() {
        Options o = options(settings("nats://h:4222", "s3cret-token", null, null, null, null));
        assertEquals("s3cret-token", o.getToken());
        assertNull(o.getUsername());
    }

    @Test
    void aUrlOfAnotherSchemeIsAUsageErrorNamingTheSchemesJnatsTakes() {
        for (String url : List.of("http://127.0.0.1:4222", "nats://a:4222,https://b:4222", "natss://h")) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> options(settings(url, null, null, null, null, null)));
            assertEquals(ErrorCode.BAD_INPUT, e.code(), url);
            assertTrue(e.getMessage().contains("use nats://, tls://, opentls://, ws://, wss://"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
        // no scheme at all is nats://, as jnats reads it
        assertEquals("nats://h:4222", options(settings("h:4222", null, null, null, null, null)).getServers().get(0).toString());
    }

    @Test
    void severalServersSeparatedByCommas() {
        Options o = options(settings("nats://a:4222, nats://b:4222", null, null, null, null, null));
        assertEquals(List.of("nats://a:4222", "nats://b:4222"), o.getServers().stream().map(Object::toString).toList());
    }

    @Test
    void anNkeySeedFileWinsOverUserAndPasswordAndSignsWithItsKey() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        Path seed = Files.writeString(dir.resolve("u.nk"), new String(user.getSeed()) + "\n");
        Options o = options(settings("nats://h:4222", "alice", "pw", null, null, seed.toString()));
        assertNotNull(o.getAuthHandler());
        assertNull(o.getUsername());
        assertEquals(new String(user.getPublicKey()), new String(o.getAuthHandler().getID()));
        assertNull(o.getAuthHandler().getJWT());
    }

    @Test
    void aBadKeyFileIsABadInputThatDoesNotQuoteIt() throws Exception {
        Path notSeed = Files.writeString(dir.resolve("x.creds"), "SUnot-a-seed-but-secret\n");
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> options(settings("nats://h:4222", null, null, null, notSeed.toString(), null)));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.getMessage().contains("x.creds"), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-seed"), e.getMessage());
        SnapshotException missing = assertThrows(SnapshotException.class,
                () -> options(settings("nats://h:4222", null, null, null, null, dir.resolve("none.nk").toString())));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        ConnectionSettings s = new ConnectionSettings("nats://h:4222", null, null, null, null, null, null,
                "/some/cert.pem", null, null, false, null, null);
        SnapshotException e = assertThrows(SnapshotException.class, () -> options(s));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
    }

    @Test
    void aBadUrlIsABadInputWithItsPasswordHidden() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> options(settings("nats://alice:hunter22@host:notaport", null, null, null, null, null)));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
    }
}
