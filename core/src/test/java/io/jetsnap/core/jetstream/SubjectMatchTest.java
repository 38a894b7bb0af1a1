package io.jetsnap.core.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




class SubjectMatchTest {
    @ParameterizedTest(name = "{0} takes {1}: {2}")
    @CsvSource({
            "orders.>, orders.a, true",
            "orders.>, orders.a.b, true",
            "orders.>, orders, false",
            "orders.*, orders.a, true",
            "orders.*, orders.a.b, false",
            "orders.*.x, orders.a.x, true",
            "orders.*.x, orders.a.y, false",
            "orders, orders, true",
            "orders, orders.a, false",
            "*, a, true",
            "*, a.b, false",
            ">, a.b.c, true",
            "in.>, out.a, false",
            "a.b, a.c, false",
    })
    void filterTakesSubject(String filter, String subject, boolean expected) {
        assertEquals(expected, SubjectMatch.matches(filter, subject));
    }
}
