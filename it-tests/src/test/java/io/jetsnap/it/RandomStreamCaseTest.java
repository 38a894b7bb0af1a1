package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.RandomStreamCase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RandomStreamCase} without a server: a seed always gives the same case, and the seeds cover what they should. */
class RandomStreamCaseTest {
    @Test
    void aSeedAlwaysGivesTheSameCase() {
        for (long seed = 1; seed <= 50; seed++) {
            assertEquals(RandomStreamCase.generate(seed, 15).toJson(), RandomStreamCase.generate(seed, 15).toJson());
        }
        assertNotEquals(RandomStreamCase.generate(1, 15).toJson(), RandomStreamCase.generate(2, 15).toJson());
    }

    @Test
    void theSeedsCoverEveryRetentionAndPolicyAndOnlyWhatTheServerKnows() {
        Set<String> seen = new HashSet<>();
        for (long seed = 1; seed <= 300; seed++) {
            for (int minor : new int[] {9, 10, 15}) {
                RandomStreamCase c = RandomStreamCase.generate(seed, minor);
                String json = c.toJson();
                if (minor == 9) {
                    for (String newer : List.of("subject_transform", "metadata", "compression", "first_seq", "filter_subjects")) {
                        assertTrue(!json.contains("\"" + newer + "\""), () -> "2.9 has no " + newer + ": " + c.describe());
                    }
                }
                seen.add("retention " + c.config().get("retention"));
                c.config().keySet().forEach(k -> seen.add("stream " + k));
                for (RandomStreamCase.Consumer s : c.consumers()) {
                    seen.add("deliver " + s.deliverPolicy());
                    seen.add("ack " + s.config().get("ack_policy"));
                    seen.add(s.push() ? "push" : "pull");
                    s.config().keySet().forEach(k -> seen.add("consumer " + k));
                    if (s.fetch() > s.acks() && !s.config().get("ack_policy").equals("none")) {
                        seen.add("ack-pending");
                    }
                }
                for (String kind : List.of("\"command\":\"delete\"", "\"filter\"", "\"keep\"", "\"seq\"", "\"rawHeaders\"",
                        "\"msgID\"", "\"headers\"")) {
                    if (json.contains(kind)) {
                        seen.add(kind);
                    }
                }
            }
        }
        for (String want : List.of("retention limits", "retention interest", "retention workqueue", "deliver all", "deliver last",
                "deliver new", "deliver by_start_sequence", "deliver by_start_time", "deliver last_per_subject", "ack explicit",
                "ack all", "ack none", "push", "pull", "ack-pending", "consumer filter_subject", "consumer filter_subjects",
                "stream subject_transform", "stream metadata", "stream max_msgs_per_subject", "stream discard", "stream first_seq",
                "stream compression", "\"command\":\"delete\"", "\"filter\"", "\"keep\"", "\"rawHeaders\"", "\"msgID\"",
                "\"headers\"")) {
            assertTrue(seen.contains(want), () -> "no seed drew " + want);
        }
    }
}
