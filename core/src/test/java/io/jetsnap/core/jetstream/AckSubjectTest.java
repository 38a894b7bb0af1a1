package io.jetsnap.core.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;




class AckSubjectTest {
    @Test
    void readsTheNineTokenForm() {
        AckSubject a = AckSubject.parse("$JS.ACK.orders.dur.1.4242.17.1764400000123456789.9");
        assertEquals(new AckSubject(4242, 17, 1764400000123456789L, 9), a);
        assertEquals(Instant.ofEpochSecond(1764400000L, 123456789), a.timestamp());
    }

    @Test
    void readsTheFormWithDomainAndAccountHash() {
        assertEquals(new AckSubject(5, 3, 1000000001L, 0),
                AckSubject.parse("$JS.ACK._.ACCHASH.orders.dur.2.5.3.1000000001.0.rnd"));
        assertEquals(new AckSubject(5, 3, 1000000001L, 0), AckSubject.parse("$JS.ACK.hub.ACCHASH.orders.dur.2.5.3.1000000001.0"));
    }

    @Test
    void leavesOtherShapesToJnats() {
        assertNull(AckSubject.parse(null));
        assertNull(AckSubject.parse("_INBOX.abc.1"));
        assertNull(AckSubject.parse("$JS.ACK.orders.dur.1.2.3.4"));
        assertNull(AckSubject.parse("$JS.ACK.orders.dur.1.x.3.4.5"));
        assertNull(AckSubject.parse("$JS.ACK.orders.dur.1..3.4.5"));
        assertNull(AckSubject.parse("$JS.ACK.orders.dur.1.2.3.4.99999999999999999999"));
        assertNull(AckSubject.parse("$JS.ACK.orders.dur.1.2.3.9223372036854775808.5"));
        assertEquals(Long.MAX_VALUE, AckSubject.parse("$JS.ACK.orders.dur.1.2.3.9223372036854775807.5").timestampNanos());
    }
}
