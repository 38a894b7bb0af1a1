package io.jetsnap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;




/** The names nats-server forbids (its isValidAssetName and JSMaxNameLen, and IsValidSubject) are told before it is asked. */
class NatsNamesTest {
    @Test
    void streamNamesNatsServerRefuses() {
        for (String bad : List.of("", "a.b", "orders.*", "all>", "a b", "tab\there", "dir/name", "back\\slash", "x".repeat(256))) {
            assertNotNull(NatsNames.whyNotAStreamName(bad), bad);
        }
        // multi-byte characters count as bytes, as the server counts
        assertNotNull(NatsNames.whyNotAStreamName("é".repeat(128)));
    }

    @Test
    void streamNamesNatsServerTakes() {
        for (String good : List.of("orders", "KV_cfg", "OBJ_files", "a-b_c", "x".repeat(255), "ünïcode", "a:b", "a@b")) {
            assertNull(NatsNames.whyNotAStreamName(good), good);
        }
    }

    @Test
    void aForbiddenStreamNameIsAUsageErrorSayingWhy() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> NatsNames.requireStreamName("a.b", "stream"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.getMessage().startsWith("stream 'a.b' is not a name nats-server allows for a stream: it contains '.'"),
                e.getMessage());
    }

    @Test
    void subjects() {
        for (String good : List.of("orders", "orders.>", "orders.*.new", "a*b.c", ">", "*")) {
            assertNull(NatsNames.whyNotASubject(good), good);
        }
        for (String bad : List.of("", "a b", "a..b", ".a", "a.", "a.>.b", "\t")) {
            assertNotNull(NatsNames.whyNotASubject(bad), bad);
        }
        assertThrows(SnapshotException.class, () -> NatsNames.requireSubjects(List.of("ok.>", "a b"), "subject"));
        NatsNames.requireSubjects(null, "subject");
    }
}
