package io.jetsnap.core.read;

import java.io.IOException;
import java.io.InputStream;

/** Opens a snapshot's bytes from the start; a restore opens it twice (verify, then load). */
@FunctionalInterface
public interface SnapshotInput {
    InputStream open() throws IOException;
}
