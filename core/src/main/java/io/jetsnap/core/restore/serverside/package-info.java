/**
 * The server-side restore's wire: the snapshot turned, as it is read, into nats-server's backup
 * archive (snappy frames, blocks) and sent in chunks to the restore API ({@code RestoreApi},
 * {@code ChunkUpload}); nats-server 2.15+.
 */
package io.jetsnap.core.restore.serverside;
