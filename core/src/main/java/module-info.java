/**
 * jetsnap's core: the front door ({@link io.jetsnap.core.Jetsnap} and the values it takes and
 * returns), the snapshot model, the two SPIs and their registries. The engine that speaks to
 * JetStream (packages {@code jetstream}, {@code snapshot}, {@code restore}) is not exported: an
 * application reaches it only through the front door.
 */
module io.jetsnap.core {
    requires transitive io.nats.jnats;
    requires static transitive org.jspecify;

    exports io.jetsnap.core;
    exports io.jetsnap.core.batch;
    exports io.jetsnap.core.catalog;
    exports io.jetsnap.core.digest;
    exports io.jetsnap.core.model;
    exports io.jetsnap.core.read;
    exports io.jetsnap.core.registry;
    exports io.jetsnap.core.spi;

    uses io.jetsnap.core.spi.ManifestCodec;
    uses io.jetsnap.core.spi.SnapshotStoreProvider;
}
