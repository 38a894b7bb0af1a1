package io.jetsnap.core.restore.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.HeaderBlock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** Which header blocks nats-server 2.14+ rewrites on publish (measured on 2.15.1 with raw HPUB; 2.9.10 and 2.10.27 keep them). */
class StatusLinesTest {
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            NATS/1.0\\r\\n\\r\\n                | 2.15.1  | false
            NATS/1.0\\r\\nA: b\\r\\n\\r\\n      | 2.15.1  | false
            'NATS/1.0  \\r\\n\\r\\n'            | 2.15.1  | true
            NATS/1.0 503\\r\\n\\r\\n            | 2.14.0  | true
            NATS/1.0\\t\\r\\n\\r\\n             | 2.15.1  | true
            'NATS/1.0 \\r\\nA: b\\r\\n\\r\\n'   | 2.15.1  | true
            'NATS/1.0  \\r\\n\\r\\n'            | 2.10.27 | false
            'NATS/1.0  \\r\\n\\r\\n'            | 2.12.0  | false
            """)
    void aStatusAfterTheVersionIsRewrittenBy214AndLater(String block, String server, boolean rewritten) {
        byte[] bytes = block.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").getBytes(StandardCharsets.UTF_8);
        assertEquals(rewritten, StatusLines.rewrittenOnPublish(ServerVersion.parse(server), HeaderBlock.of(bytes)));
    }

    @org.junit.jupiter.api.Test
    void theNoteCountsThemAndNamesTheWayThatKeepsThem() {
        assertTrue(StatusLines.note(0, ServerVersion.parse("2.15.1")).isEmpty());
        String note = StatusLines.note(3, ServerVersion.parse("2.15.1")).orElseThrow();
        assertTrue(note.startsWith("3 messages") && note.contains("server-side restore"), note);
    }
}
