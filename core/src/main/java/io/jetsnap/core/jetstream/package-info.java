/**
 * The only place that speaks JetStream: API requests and their errors ({@code JsApi}), server
 * version, cluster patience, stream info, JSON text kept verbatim, server time, message and ack
 * parsing, subject matching. The rest of core asks it; nothing else holds API subjects.
 */
package io.jetsnap.core.jetstream;
