package io.jetsnap.core.restore.plan;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Nats-Msg-Id}s published in the last moments of a restore. A restore loads with a
 * 100 ms duplicate window (the server's minimum), and forgets ids only when its purge timer fires (every 50 ms
 * at the soonest), so an id seen within {@link #HORIZON_NANOS} must wait before it is published
 * again. Memory is bounded by what can be published within the horizon.
 */
public final class RecentMessageIds {
    public static final long HORIZON_NANOS = 500_000_000L;

    private final Map<String, Long> publishedAt = new LinkedHashMap<>();

    /** Whether {@code id} was published within the horizon. */
    public boolean seenRecently(String id, long now) {
        forgetOlderThan(now - HORIZON_NANOS);
        return publishedAt.containsKey(id);
    }

    public void published(String id, long now) {
        publishedAt.remove(id);
        publishedAt.put(id, now);
    }

    private void forgetOlderThan(long limit) {
        Iterator<Long> it = publishedAt.values().iterator();
        while (it.hasNext() && it.next() < limit) {
            it.remove();
        }
    }
}
