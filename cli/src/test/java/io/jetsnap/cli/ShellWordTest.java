package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The command a partly done restore advises is one a POSIX shell reads back as given. */
class ShellWordTest {
    @Test
    void plainWordsStayAndOthersAreQuoted() {
        assertEquals("/backups/orders-20261129T031500Z.json", RestoreCommand.shellWord("/backups/orders-20261129T031500Z.json"));
        assertEquals("s3://backups/nightly/orders.json", RestoreCommand.shellWord("s3://backups/nightly/orders.json"));
        assertEquals("'copy.orders.>'", RestoreCommand.shellWord("copy.orders.>"));
        assertEquals("'my backups/o.json'", RestoreCommand.shellWord("my backups/o.json"));
        assertEquals("'it'\\''s'", RestoreCommand.shellWord("it's"));
        assertEquals("''", RestoreCommand.shellWord(""));
    }
}
