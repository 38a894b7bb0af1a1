package io.jetsnap.core.catalog;

import io.jetsnap.core.model.Origin;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot in a store, as {@code ls} shows it: from the store's listing and the snapshot's header.
 *
 * @param location where it is
 * @param name its file or object name
 * @param sizeBytes its size in the store
 * @param stream the stream it is of; null when it could not be read
 * @param created when the snapshot began (from its header); for an unreadable one, when it was stored
 * @param codec the codec it is written with; null when it could not be read
 * @param messages how many messages it holds: from an index that names it (exact), else from its
 *     header when it took the whole stream (the stream's count when the snapshot began); null when
 *     neither says
 * @param messagesExact {@code messages} comes from an index (the written count), not the header
 * @param digest its digest, when an index names it
 * @param problem why it could not be read as a snapshot; null when it could
 * @param origin where it was taken (from its header); null when it does not say or could not be read
 */
public record CatalogEntry(String location, String name, long sizeBytes, @Nullable String stream, Instant created,
                           @Nullable String codec, @Nullable Long messages, boolean messagesExact, @Nullable String digest,
                           @Nullable String problem, @Nullable Origin origin) {
    public boolean readable() {
        return problem == null;
    }
}
