/**
 * Snapshots in a folder or prefix: listed from their headers ({@code SnapshotCatalog}), the newest
 * chosen, and pruned by a {@code RetentionPolicy} ({@code Pruner}).
 */
package io.jetsnap.core.catalog;
