package io.jetsnap.format.jackson;

/**
 * The words a codec's errors use for what its format holds, so that one walk speaks of "an
 * object" in JSON and "a map" in CBOR. Each codec has one constant of these.
 *
 * @param format the format's name, as in "not valid JSON"
 * @param document the snapshot's top-level value, as in "the JSON object does not begin with ..."
 * @param anObject a map of names to values ("an object", "a map"); "the end of" it is its end
 * @param aKey a member's name, as a token ("a member name", "a map key")
 * @param aString a text value ("a string", "a text string")
 * @param aFraction a number that is not an integer
 * @param theEnd the end of the input, as a token found where another was expected
 * @param theData what should end after the snapshot ("the input", "the CBOR data")
 * @param truncated why a cut-off snapshot is one, after "snapshot is truncated: "
 * @param offsetUnit what a byte offset counts, after "(byte N"; empty for the input itself
 * @param consumers what {@code "consumers"} must be, as in "\"consumers\" must be an array of objects"
 */
public record Vocabulary(String format, String document, String anObject, String aKey, String aString,
        String aFraction, String theEnd, String theData, String truncated, String offsetUnit, String consumers) {
}
