package io.jetsnap.core.model;

/** A snapshot's header and trailer: what it is and what it holds, without its messages. */
public record SnapshotSummary(SnapshotHeader header, SnapshotTrailer trailer) {
}
