package io.jetsnap.format.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A header block as JSON text when that is exact: the block's bytes read as UTF-8, strictly (no
 * malformed or overlong sequence, no encoded surrogate), so that the text's UTF-8 is the block
 * again, byte for byte; and back, refusing text whose UTF-8 would not be exact (a lone surrogate).
 * One instance per reader or writer: the coders are not thread-safe.
 */
final class HeaderText {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The bytes as text if they are valid UTF-8, else null. */
    @Nullable String text(byte[] bytes) {
        boolean ascii = true;
        for (int i = 0; i < bytes.length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The text's UTF-8 bytes, or null if it holds a lone surrogate (which has no UTF-8). */
    byte @Nullable [] bytes(String text) {
        try {
            ByteBuffer out = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
