package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;




class LoadMarkTest {
    private static final LoadMark MARK = new LoadMark("orders", Instant.parse("2026-12-02T10:00:00.123456Z"), "sha256:ab12",
            Instant.parse("2026-12-02T10:05:00Z"));

    @Test
    void markInMetadataIsFoundAgainAndKeepsTheSnapshotsOwnEntries() {
        Map<String, JsonValue> config = new LinkedHashMap<>();
        config.put("metadata", new JsonValue(Map.of("owner", new JsonValue("team"))));
        MARK.writeInto(config, true);
        assertEquals(MARK, LoadMark.find(new JsonValue(config).toJson()).orElseThrow());
        assertEquals("team", config.get("metadata").map.get("owner").string);
    }

    @Test
    void markInDescriptionIsFoundOnServersWithoutMetadata() {
        Map<String, JsonValue> config = new LinkedHashMap<>();
        config.put("description", new JsonValue("the orders"));
        MARK.writeInto(config, false);
        assertEquals(MARK, LoadMark.find(new JsonValue(config).toJson()).orElseThrow());
    }

    @Test
    void aStreamWithoutTheMarkIsNoLeftover() {
        assertTrue(LoadMark.find("{\"description\":\"jetsnap restore in progress: something else\"}").isEmpty());
        assertTrue(LoadMark.find("{\"metadata\":{\"jetsnap.restore\":\"no\"}}").isEmpty());
        assertTrue(LoadMark.find("{}").isEmpty());
    }
}
