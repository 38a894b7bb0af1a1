/**
 * The durable consumers: where each is put back ({@code ConsumerPlacement}), which of an empty
 * target's are replaced ({@code TargetConsumers}), and their creation ({@code ConsumerRestorer}).
 */
package io.jetsnap.core.restore.consumers;
