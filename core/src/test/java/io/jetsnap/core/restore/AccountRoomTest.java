package io.jetsnap.core.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.restore.verify.StoredSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** Whether a restore fits in the target account, as nats-server counts it. */
class AccountRoomTest {
    private static final String FLAT = "{\"memory\":100,\"storage\":4000,\"limits\":{\"max_memory\":1000,"
            + "\"max_storage\":10000,\"max_streams\":-1}}";
    private static final String TIERED = "{\"memory\":0,\"storage\":0,\"limits\":{\"max_memory\":0,\"max_storage\":0},"
            + "\"tiers\":{\"R1\":{\"memory\":0,\"storage\":2000,\"limits\":{\"max_memory\":-1,\"max_storage\":5000}},"
            + "\"R3\":{\"memory\":0,\"storage\":3000,\"limits\":{\"max_memory\":-1,\"max_storage\":4000}}}}";
    private static final String UNLIMITED = "{\"memory\":0,\"storage\":123,\"limits\":{\"max_memory\":-1,\"max_storage\":-1}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                          info,      memory, replicas, needed, freed, refused
            "fits the flat file limit,                         FLAT,      false,  1,        6000,   0,     false",
            "one byte over the flat file limit,                FLAT,      false,  1,        6001,   0,     true",
            "fits once the deleted stream is freed,            FLAT,      false,  1,        9000,   3000,  false",
            "a flat limit counts every replica,                FLAT,      false,  3,        2001,   0,     true",
            "memory has its own limit,                         FLAT,      true,   1,        901,    0,     true",
            "a tier's limit scales with the replicas,          TIERED,    false,  3,        3000,   0,     false",
            "over the R3 tier,                                 TIERED,    false,  3,        3001,   0,     true",
            "over the R1 tier,                                 TIERED,    false,  1,        3001,   0,     true",
            "no limit,                                         UNLIMITED, false,  1,        999999999, 0,  false",
    })
    void refusesWhatDoesNotFit(String name, String info, boolean memory, int replicas, long needed, long freed, boolean refused) {
        String json = switch (info) {
            case "FLAT" -> FLAT;
            case "TIERED" -> TIERED;
            default -> UNLIMITED;
        };
        AccountRoom.Usage usage = AccountRoom.of(JsApi.parse(json), memory, replicas);
        if (refused) {
            SnapshotException e = assertThrows(SnapshotException.class,
                    () -> AccountRoom.refuse(usage, needed, freed, replicas, memory, "ORDERS"), name);
            assertTrue(e.getMessage().startsWith("stream ORDERS would store " + needed * replicas + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        } else {
            assertDoesNotThrow(() -> AccountRoom.refuse(usage, needed, freed, replicas, memory, "ORDERS"), name);
        }
    }

    @Test
    void anAnswerWithoutLimitsRefusesNothing() {
        assertNull(AccountRoom.of(JsApi.parse("{\"memory\":0}"), false, 1));
        assertDoesNotThrow(() -> AccountRoom.refuse(null, Long.MAX_VALUE / 4, 0, 1, false, "ORDERS"));
    }

    @Test
    void storedSizesAreTheServersRecordSizes() {
        // filestore: 22 + subject + payload + 8, and 4 + headers with headers; memstore: subject + headers + payload + 16
        assertEquals(22 + 5 + 10 + 8, StoredSize.of(false, 5, 0, 10));
        assertEquals(22 + 5 + 4 + 12 + 10 + 8, StoredSize.of(false, 5, 12, 10));
        assertEquals(5 + 12 + 10 + 16, StoredSize.of(true, 5, 12, 10));
    }
}
