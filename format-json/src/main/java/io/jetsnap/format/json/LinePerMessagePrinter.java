package io.jetsnap.format.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays a snapshot out for people: each top-level member, each consumer and each message on a line
 * of its own, everything else compact. Tracks its own depth, so one instance serves one generator.
 */
final class LinePerMessagePrinter implements PrettyPrinter {
    /** The depth of the snapshot object's members; the arrays at depth 2 are "consumers" and "messages". */
    private static final int TOP = 1;
    private static final int TOP_ARRAY = 2;

    private int depth;

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) {
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(':');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(depth == TOP ? ",\n" : ",");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        g.writeRaw('}');
        depth--;
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (depth == TOP_ARRAY) {
            g.writeRaw('\n');
        }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(depth == TOP_ARRAY ? ",\n" : ",");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        g.writeRaw(depth == TOP_ARRAY && values > 0 ? "\n]" : "]");
        depth--;
    }
}
