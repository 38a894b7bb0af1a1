/**
 * The publishing restore's parts: the stream moved to its first sequence ({@code SequenceStart}),
 * the messages published at their sequences within a window of acks ({@code AckWindow}), and the
 * permission probe before anything changes ({@code PublishProbe}).
 */
package io.jetsnap.core.restore.publish;
