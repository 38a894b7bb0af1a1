/**
 * Many streams at once: one snapshot per stream and an index written last ({@code SnapshotIndex}),
 * restores from an index or of each stream's newest snapshot; one stream's failure does not stop the others.
 */
package io.jetsnap.core.batch;
