/**
 * Snapshotting one stream, without changing it.
 *
 * <pre>
 * STREAM.INFO (raw config) -> header -> end of the selection (last sequence, max-seq)
 * MessageSource: ordered consumer (Limits) | message gets (WorkQueue, Interest)
 *   -> before-time filter -> encoding thread (codec + digest) -> trailer
 * </pre>
 */
package io.jetsnap.core.snapshot;
