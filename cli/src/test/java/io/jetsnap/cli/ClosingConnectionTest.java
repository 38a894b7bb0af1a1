package io.jetsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.SnapshotException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A command's exit code survives the close of its connection, an interrupted one too. */
class ClosingConnectionTest {
    private static final ClosingConnection.Close INTERRUPTED = () -> {
        throw new InterruptedException("interrupted while closing");
    };

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {Cli.OK, Cli.FAILED, ManyStreamsOptions.SOME_FAILED})
    void exitCodeStandsWhenTheCloseIsInterrupted(int code) {
        assertEquals(code, ClosingConnection.afterWork(INTERRUPTED, () -> code));
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for whoever runs the command");
    }

    @Test
    void closesAfterTheWorkAndAfterItsFailure() {
        AtomicBoolean closed = new AtomicBoolean();
        assertEquals(ManyStreamsOptions.SOME_FAILED, ClosingConnection.afterWork(() -> closed.set(true),
                () -> ManyStreamsOptions.SOME_FAILED));
        assertTrue(closed.getAndSet(false));

        SnapshotException failure = SnapshotException.badInput("no such stream");
        assertSame(failure, assertThrows(SnapshotException.class, () -> ClosingConnection.afterWork(() -> closed.set(true),
                () -> {
                    throw failure;
                })));
        assertTrue(closed.get(), "closed after the work failed too");
    }
}
