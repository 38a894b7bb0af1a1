/**
 * Reading a snapshot, with no NATS: {@code CheckedReader} trusts no codec (order, selection,
 * count, bytes, digest); {@code PrefetchingReader} decodes (and, over a checked reader, checks)
 * on a thread of its own through {@code MessageBatches}, the bounded hand-off every such thread uses.
 */
package io.jetsnap.core.read;
