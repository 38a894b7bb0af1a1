package io.jetsnap.core.spi;

/** How sure a codec is that some leading bytes are in its format; the strongest match wins. */
public enum MatchStrength {
    /** Not this format. */
    NO_MATCH,
    /** Could be this format, as could others (e.g. a JSON document that may be anything). */
    WEAK,
    /** Very likely this format (e.g. a magic number another format could share). */
    SOLID,
    /** Certainly this format (its own format identifier was seen). */
    FULL
}
