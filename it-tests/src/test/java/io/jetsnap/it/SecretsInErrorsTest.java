package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.TestNatsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password that no URL parser takes (a {@code /}, a space, a {@code @}, a comma) or a URL without
 * {@code nats://} never shows in the CLI's one-line error, from {@code -s} or {@code NATS_URL},
 * whether the URL fails to parse, the server refuses the login or nothing answers.
 */
class SecretsInErrorsTest {
    private static final List<String> PASSWORDS = List.of("pa/ss-w0rd", "pa ss w0rd", "p@ss:w0rd", "pa,ss-w0rd", "p'a\"ss]w0rd",
            "pa%20ss-w0rd");
    private static TestNatsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestNatsServer.start("authorization { users: [ { user: alice, password: \"right-one\" } ] }\n");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void passwordsThatDoNotParseAreNeverPrinted(@TempDir Path dir) {
        String hostPort = server.url().substring("nats://".length());
        for (String password : PASSWORDS) {
            for (String url : List.of("nats://alice:" + password + "@" + hostPort, "alice:" + password + "@" + hostPort,
                    "nats://alice:" + password + "@127.0.0.1:1", "alice:" + password + "@127.0.0.1:1")) {
                for (CliRun run : List.of(CliRun.run(Map.of(), "-s", url, "snapshot", "orders", dir.toString()),
                        CliRun.run(Map.of("NATS_URL", url), "--verbose", "snapshot", "orders", dir.toString()),
                        CliRun.run(Map.of(), "--server=" + url, "snapshot", "orders", dir.toString(), "--no-such-flag"))) {
                    assertNotEquals(0, run.exitCode(), run::toString);
                    assertFalse(run.err().isBlank(), run::toString);
                    assertFalse(run.err().contains(password), () -> "the password " + password + " is printed: " + run);
                    assertFalse(run.out().contains(password), run::toString);
                    for (String part : password.split("[ ,]")) {
                        assertFalse(part.length() > 3 && run.err().contains(part), () -> "part of " + password + ": " + run);
                    }
                }
            }
        }
    }
}
