/** The codec-independent digest of a snapshot's content, and each message's checksum. */
package io.jetsnap.core.digest;
