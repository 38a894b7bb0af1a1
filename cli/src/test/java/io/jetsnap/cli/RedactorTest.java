package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
