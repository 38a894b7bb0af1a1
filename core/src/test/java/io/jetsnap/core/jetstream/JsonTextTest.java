package io.jetsnap.core.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;




class JsonTextTest {
    @Test
    void returnsTheMemberTextVerbatim() {
        String info = "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\",\"config\": {\"name\":\"a\\\"}\","
                + "\"subjects\":[\"x.\\u003e\"],\"n\":{\"m\":[1,2,{}]}} ,\"state\":{\"messages\":3}}";
        assertEquals("{\"name\":\"a\\\"}\",\"subjects\":[\"x.\\u003e\"],\"n\":{\"m\":[1,2,{}]}}",
                JsonText.topLevelMember(info, "config"));
        assertEquals("{\"messages\":3}", JsonText.topLevelMember(info, "state"));
        assertEquals("\"io.nats.jetstream.api.v1.stream_info_response\"", JsonText.topLevelMember(info, "type"));
    }

    @Test
    void ignoresNestedMembersWithTheSameName() {
        assertEquals("2", JsonText.topLevelMember("{\"a\":{\"config\":1},\"config\":2}", "config"));
        assertNull(JsonText.topLevelMember("{\"a\":{\"config\":1}}", "config"));
    }
}
