/**
 * The front door: {@link io.jetsnap.core.Jetsnap} and the values an application hands it and gets
 * back (requests with withers, results, the restore preview, engine options, progress, errors and
 * their codes). Everything else in core is reached through it.
 */
package io.jetsnap.core;
