/**
 * The verify pass: the whole snapshot read and checked before anything changes (digest, and for
 * the publishing restore every message the target could not take as it was), and what it found
 * ({@code Verified}: sequences, anchors, duplicate tail, stored size) for the load.
 */
package io.jetsnap.core.restore.verify;
