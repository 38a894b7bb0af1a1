package io.jetsnap.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




class HeaderBlockTest {
    private static HeaderBlock block(String text) {
        return HeaderBlock.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static HeaderBlock utf8(String text) {
        return HeaderBlock.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noneIsAbsentAndEmptyBlockIsPresent() {
        HeaderBlock empty = block("NATS/1.0\r\n\r\n");
        assertFalse(HeaderBlock.NONE.present());
        assertEquals(0, HeaderBlock.NONE.length());
        assertArrayEquals(new byte[0], HeaderBlock.NONE.bytes());
        assertTrue(empty.present());
        assertEquals(12, empty.length());
        assertNotEquals(HeaderBlock.NONE, empty);
        assertNotEquals(HeaderBlock.NONE, HeaderBlock.of(new byte[0]));
        assertTrue(HeaderBlock.of(new byte[0]).present());
        assertEquals(List.of(), HeaderBlock.NONE.lines());
        assertEquals(List.of(), empty.lines());
        assertNull(HeaderBlock.NONE.value("Nats-Msg-Id"));
    }

    @Test
    void equalityIsOverPresenceAndExactBytes() {
        assertEquals(block("NATS/1.0\r\nA: 1\r\n\r\n"), block("NATS/1.0\r\nA: 1\r\n\r\n"));
        assertEquals(block("NATS/1.0\r\nA: 1\r\n\r\n").hashCode(), block("NATS/1.0\r\nA: 1\r\n\r\n").hashCode());
        assertNotEquals(block("NATS/1.0\r\nA: 1\r\n\r\n"), block("NATS/1.0\r\nA:1\r\n\r\n"));
        assertNotEquals(block("NATS/1.0\r\nA: 1\r\n\r\n"), block("NATS/1.0\r\nA: 1 \r\n\r\n"));
        assertNotEquals(block("NATS/1.0\r\nA: 1\r\n\r\n"), block("NATS/1.0\r\na: 1\r\n\r\n"));
        assertEquals(HeaderBlock.NONE, HeaderBlock.NONE);
    }

    @Test
    void bytesAreKeptExactlyEvenWhenNotUtf8() {
        byte[] raw = {'N', 'A', 'T', 'S', '/', '1', '.', '0', '\r', '\n', 'X', ':', (byte) 0x80, (byte) 0xFF, '\r', '\n', '\r', '\n'};
        HeaderBlock b = HeaderBlock.of(raw);
        assertTrue(raw == b.bytes(), "the array is owned, not copied");
        assertEquals("\uFFFD\uFFFD", b.value("X"));
        assertEquals(List.of(new MessageHeader("X", "\uFFFD\uFFFD")), b.lines());
    }

    @Test
    void ofLinesWritesTheStatusLineColonSpaceAndTheBlankLine() {
        HeaderBlock b = HeaderBlock.ofLines(List.of(new MessageHeader("Nats-Msg-Id", "a"), new MessageHeader("X", "Zo\u00eb"),
                new MessageHeader("X", "")));
        assertArrayEquals("NATS/1.0\r\nNats-Msg-Id: a\r\nX: Zo\u00eb\r\nX: \r\n\r\n".getBytes(StandardCharsets.UTF_8), b.bytes());
        assertEquals(HeaderBlock.of("NATS/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), HeaderBlock.ofLines(List.of()));
    }

    @Test
    void ofLinesRefusesWhatABlockCannotHold() {
        for (MessageHeader line : List.of(new MessageHeader("", "v"), new MessageHeader("A:B", "v"),
                new MessageHeader("A\rB", "v"), new MessageHeader("A\nB", "v"), new MessageHeader("A", "v\r\nB: w"),
                new MessageHeader("A", "v\n"))) {
            assertThrows(IllegalArgumentException.class, () -> HeaderBlock.ofLines(List.of(line)), line::toString);
        }
    }

    @Test
    void linesReadBackWhatOfLinesWrote() {
        List<MessageHeader> lines = List.of(new MessageHeader("X-A", "1"), new MessageHeader("x-a", "2"),
                new MessageHeader("X-A", "3"), new MessageHeader("Nats-Msg-Id", ""), new MessageHeader("Caf\u00e9", "\u6771\u4eac"));
        assertEquals(lines, HeaderBlock.ofLines(lines).lines());
    }

    @Test
    void linesAreReadLeniently() {
        HeaderBlock b = utf8("NATS/1.0\r\nA:1\r\nB:   two  \r\nno colon here\r\nC:\tt\r\n:nameless\r\nD: x: y\r\n\r\nE: after\r\n");
        assertEquals(List.of(new MessageHeader("A", "1"), new MessageHeader("B", "two  "), new MessageHeader("C", "\tt"),
                new MessageHeader("D", "x: y")), b.lines());
        assertEquals(List.of(new MessageHeader("A", "1")), utf8("NATS/1.0\r\nA:1").lines());
        assertEquals(List.of(), utf8("NATS/1.0").lines());
        assertEquals(List.of(), HeaderBlock.of(new byte[0]).lines());
    }

    /** Each row: a block (with \r\n written as |), a name, and the value nats-server's sliceHeader finds (NULL for none). */
    @ParameterizedTest(name = "[{index}] {1} in {0}")
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
        "NATS/1.0|Nats-Msg-Id: a||;Nats-Msg-Id;a",
        "NATS/1.0|Nats-Msg-Id:a||;Nats-Msg-Id;a",
        "NATS/1.0|Nats-Msg-Id:    a||;Nats-Msg-Id;a",
        // trailing spaces are part of the value; tabs after the colon are not skipped
        "NATS/1.0|Nats-Msg-Id: a  ||;Nats-Msg-Id;'a  '",
        "NATS/1.0|Nats-Msg-Id:\ta||;Nats-Msg-Id;'\ta'",
        // names are matched case-sensitively
        "NATS/1.0|nats-msg-id: a||;Nats-Msg-Id;NULL",
        // the first line with the name wins
        "NATS/1.0|X: 1|X: 2||;X;1",
        // a name must start a line: not inside another name, not inside a value
        "NATS/1.0|Y-X: 1|X: 2||;X;2",
        "NATS/1.0|Y: X: 1|X: 2||;X;2",
        "NATS/1.0|Y: X: 1||;X;NULL",
        // the name must be followed at once by the colon: a longer name or a space before it does not match
        "NATS/1.0|XY: 1|X: 2||;X;2",
        // the server resumes its search after a failed match, and gives up when the next occurrence is within two bytes
        "NATS/1.0|XX: 1|X: 2||;X;NULL",
        "NATS/1.0|X : 1||;X;NULL",
        // an empty value, and a value at the end of a block without its final CRLF
        "NATS/1.0|X:||;X;''",
        "NATS/1.0|X: 1;X;1",
        // the server gives up when the name's bytes occur within the block's first two bytes
        "NATS/1.0|NATS/1.0: x||;NATS/1.0;NULL",
        "NATS/1.0|A: 1||;A;NULL",
        "NATS/1.0|T: 1||;T;1",
        "NATS/1.0||;NATS/1.0;NULL",
        "NATS/1.0||;'';NULL",
    })
    void valueFindsWhatTheServerFinds(String text, String name, String expected) {
        assertEquals(expected, block(text.replace("|", "\r\n")).value(name));
    }

    @Test
    void valueReadsUtf8() {
        assertEquals("Zo\u00eb", utf8("NATS/1.0\r\nX-Name: Zo\u00eb\r\n\r\n").value("X-Name"));
        assertEquals("v", utf8("NATS/1.0\r\nCaf\u00e9: v\r\n\r\n").value("Caf\u00e9"));
    }

    @Test
    void valueAgreesWithTheFirstLineOfThatName() {
        HeaderBlock b = utf8("NATS/1.0\r\nK:1\r\nB:  two \r\nK: 3\r\n\r\n");
        for (MessageHeader line : b.lines()) {
            String first = b.lines().stream().filter(l -> l.name().equals(line.name())).findFirst().orElseThrow().value();
            assertEquals(first, b.value(line.name()));
        }
    }

    @Test
    void toStringEscapesAndShortens() {
        assertEquals("NONE", HeaderBlock.NONE.toString());
        assertEquals("HeaderBlock[14 bytes: \"NATS/1.0\\r\\nX:\\xc3\\xab\"]",
                utf8("NATS/1.0\r\nX:\u00eb").toString());
        String longer = HeaderBlock.ofLines(List.of(new MessageHeader("X", "y".repeat(500)))).toString();
        assertTrue(longer.startsWith("HeaderBlock[517 bytes: \"NATS/1.0\\r\\nX: yyy") && longer.endsWith("yyy\"...]"), longer);
    }
}
