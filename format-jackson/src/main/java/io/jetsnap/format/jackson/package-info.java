/**
 * One walk of a snapshot over Jackson's streaming API, for every codec whose format Jackson
 * parses and generates (JSON, CBOR, ...), the way Jackson keeps one parser base for all of them.
 *
 * <p>{@link io.jetsnap.format.jackson.JacksonManifestReader} reads the header (format, version,
 * stream, state, selection, consumers, origin), the messages one per call and the trailer, with
 * the limits of {@link io.jetsnap.format.jackson.Fields} and one wording for every refusal;
 * {@link io.jetsnap.format.jackson.JacksonManifestWriter} writes the same layout. A codec extends
 * both and supplies only what its format does its own way: how a message, a consumer and a time
 * are laid out, how parse errors read ({@link io.jetsnap.format.jackson.Vocabulary}), and the
 * file's framing around the parser or generator.
 */
package io.jetsnap.format.jackson;
