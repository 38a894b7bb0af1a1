package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void urlsKeepTheUserButNotThePasswordOrToken() {
        Redactor r = Redactor.urlsOnly();
        assertEquals("nats://alice:***@10.0.0.1:4222", r.redact("nats://alice:wonder@10.0.0.1:4222"));
        assertEquals("nats://***@host:4222", r.redact("nats://s3cr3t-token@host:4222"));
        assertEquals("could not connect to [nats://a:***@h1:4222, tls://***@h2:4222]",
                r.redact("could not connect to [nats://a:b@h1:4222, tls://t@h2:4222]"));
        assertEquals("nats://***@h1,nats://u:***@h2", r.redact("nats://t@h1,nats://u:p@h2"));
        assertEquals("nats://127.0.0.1:4222 and file:/x@y", r.redact("nats://127.0.0.1:4222 and file:/x@y"));
    }

    @Test
    void knownSecretsAndSeedsAreHiddenAnywhere() {
        Redactor r = new Redactor(List.of("hunter22", "ab"));
        String seed = "SUAM5LGBPZXSFXZV2ZPSF3XRIOOTYLMHIQQIBCDJQJ3TRPVRNOY7DXTNRQ";
        assertEquals("password *** and seed *** but ab stays (too short to hide everywhere)",
                r.redact("password hunter22 and seed " + seed + " but ab stays (too short to hide everywhere)"));
    }

    /** Every printable ASCII character, alone in a password and all together. */
    private static List<String> passwords() {
        List<String> passwords = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            passwords.add("pw" + c + "q" + c + "z");
            all.append(c);
        }
        passwords.add(all.toString());
        return passwords;
    }

    /** The ways the CLI prints a server URL it was given: quoted in a parse error, or after "at". */
    private static List<String> messagesAbout(String url) {
        return List.of("bad server URL '" + url + "': java.net.URISyntaxException: Illegal character in authority at index 7: " + url,
                "could not connect to NATS at " + url + " (token in the URL): Unable to connect to NATS servers: [" + url + "]");
    }

    @Test
    void passwordsOfEveryPrintableCharacterAreHiddenInTheUrlsTheCliWasGiven() {
        for (String password : passwords()) {
            for (String url : List.of("nats://alice:" + password + "@127.0.0.1:4222", "alice:" + password + "@127.0.0.1:4222",
                    "tls://" + password + "@h:4222", "nats://alice:" + password + "@h1:4222,nats://bob:" + password + "@h2:4222")) {
                Redactor r = new Redactor(List.of()).with(Redactor.credentialsIn(url));
                for (String message : messagesAbout(url)) {
                    String shown = r.redact(message);
                    assertFalse(shown.contains(password), () -> "password " + password + " shown in: " + shown);
                    assertTrue(shown.contains(Redactor.MASK), shown);
                }
            }
        }
    }

    @Test
    void anyUrlInTextIsMaskedUpToItsLastAtWhetherItParsesOrNot() {
        Redactor r = Redactor.urlsOnly();
        for (String password : passwords()) {
            if (password.contains(" ") || password.contains("://")) {
                continue; // only the URLs the CLI was given can be told apart from the text around them
            }
            for (String url : List.of("nats://alice:" + password + "@127.0.0.1:4222", "alice:" + password + "@127.0.0.1:4222",
                    "nats://" + password + "@h:4222")) {
                for (String message : messagesAbout(url)) {
                    String shown = r.redact(message);
                    assertFalse(shown.contains(password), () -> "password " + password + " shown in: " + shown);
                    assertTrue(shown.contains("@127.0.0.1:4222") || shown.contains("@h:4222"), shown);
                }
            }
        }
        assertEquals("nats://alice:***@h:1 and nats://***@h:2", r.redact("nats://alice:p/w@x@h:1 and nats://t/o@k@h:2"));
        assertEquals("'***@127.0.0.1:4222'", r.redact("'tok@127.0.0.1:4222'"));
        assertEquals("a path /tmp/a@b/x.json stays", r.redact("a path /tmp/a@b/x.json stays"));
    }
}
