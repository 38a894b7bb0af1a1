/**
 * Header blocks byte for byte through jnats, which alone would parse, re-serialise or refuse them.
 *
 * <pre>
 * server --HMSG, block B--> FrameRewriter(HeaderCarrier::wrap)   --HMSG, "Jetsnap-Raw: base64(B)"--> jnats --> HeaderCarrier.carried
 * jnats  --HPUB, carrier--> FrameRewriter(HeaderCarrier::unwrap) --HPUB, block B-->                 server
 * </pre>
 *
 * {@code ExactHeadersConnection} opens a connection with the caller's options and
 * {@code ExactHeadersPort} (jnats' socket data port, plus {@code ExactHeaderStreams}: one
 * {@code FrameRewriter} per direction); status lines ({@code NATS/1.0 404 ...}) and everything that
 * is not a header block pass as they are.
 */
package io.jetsnap.core.jetstream.wire;
