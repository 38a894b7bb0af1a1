package io.jetsnap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which streams a run over many streams takes, one row per case. */
class StreamFilterTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | include        | exclude     | buckets | stream       | taken
            no globs: every stream                  |                |             | true    | orders       | true
            no globs: buckets too                   |                |             | true    | KV_config    | true
            buckets left out: KV                    |                |             | false   | KV_config    | false
            buckets left out: object store          |                |             | false   | OBJ_files    | false
            buckets left out: other streams stay    |                |             | false   | orders       | true
            buckets left out even if included       | KV_*           |             | false   | KV_config    | false
            star matches any run                    | ord*           |             | true    | orders       | true
            star matches none                       | orders*        |             | true    | orders       | true
            star in the middle                      | o*s            |             | true    | orders       | true
            include is the whole name               | ord*           |             | true    | my-orders    | false
            question mark is one character          | order?         |             | true    | orders       | true
            question mark is not none               | orders?        |             | true    | orders       | false
            question mark is not two                | order?         |             | true    | ordersx      | false
            any include matches                     | a*,orders      |             | true    | orders       | true
            no include matches                      | a*,b*          |             | true    | orders       | false
            exclude                                 |                | test-*      | true    | test-1       | false
            exclude wins over include               | *              | test-*      | true    | test-1       | false
            exclude spares the rest                 | *              | test-*      | true    | orders       | true
            a dot is a dot                          | a.b            |             | true    | axb          | false
            a dot matches itself                    | a.b            |             | true    | a.b          | true
            regex characters are plain              | a+(b)          |             | true    | a+(b)        | true
            regex characters do not act             | a+             |             | true    | aa           | false
            case counts                             | Orders         |             | true    | orders       | false
            """)
    void takesWhatTheGlobsAndBucketsSay(String name, String include, String exclude, boolean buckets, String stream,
                                        boolean taken) {
        StreamFilter filter = new StreamFilter(globs(include), globs(exclude), buckets);

        assertEquals(taken, filter.matches(stream));
    }

    @Test
    void allTakesEveryStream() {
        for (String stream : List.of("orders", "KV_config", "OBJ_files", "_internal")) {
            assertEquals(true, StreamFilter.ALL.matches(stream), stream);
        }
    }

    @Test
    void bucketsAreKnownByTheNamesTheClientsGiveThem() {
        assertEquals(true, StreamFilter.isBucket("KV_x"));
        assertEquals(true, StreamFilter.isBucket("OBJ_x"));
        assertEquals(false, StreamFilter.isBucket("kv_x"), "the clients use upper case");
        assertEquals(false, StreamFilter.isBucket("MY_KV_x"));
        assertEquals(false, StreamFilter.isBucket("KV"));
    }

    @Test
    void theGlobListsAreCopies() {
        List<String> include = new ArrayList<>(List.of("a"));
        StreamFilter filter = new StreamFilter(include, List.of(), true);
        include.add("b");

        assertEquals(false, filter.matches("b"));
        assertEquals(List.of("a"), filter.include());
    }

    private static List<String> globs(String csv) {
        return csv == null ? List.of() : Arrays.asList(csv.split(","));
    }
}
