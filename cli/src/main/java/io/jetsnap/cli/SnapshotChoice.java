package io.jetsnap.cli;

import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotException;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The snapshot a reading command ({@code info}, {@code verify}) takes: one snapshot, or a stream
 * and a folder or prefix, standing for the newest snapshot of that stream there (with
 * {@code --at}, the newest taken at or before a time).
 */
final class SnapshotChoice {
    @Parameters(arity = "1..2", paramLabel = "[STREAM] SNAPSHOT", description = "The snapshot: a file or a store URL; "
            + "or a stream and a folder or prefix, for the newest snapshot of that stream there.")
    List<String> positional;

    @Option(names = "--at", paramLabel = "TIME", description = "With a folder or prefix: the newest snapshot taken at or "
            + "before TIME (RFC 3339, e.g. 2026-11-29T10:00:00Z) instead of the newest.")
    String at;

    /** The snapshot's location: as given, or the newest of the stream in the folder or prefix given. */
    String location(Jetsnap jetsnap) {
        String stream = positional.size() == 2 ? positional.get(0) : null;
        String given = positional.get(positional.size() - 1);
        String location = jetsnap.resolveSnapshot(given, stream, SnapshotCommand.parseTime("--at", at));
        if (stream != null && location.equals(given)) {
            throw SnapshotException.badInput(given + " is one snapshot; a stream name goes with a folder or prefix");
        }
        return location;
    }
}
