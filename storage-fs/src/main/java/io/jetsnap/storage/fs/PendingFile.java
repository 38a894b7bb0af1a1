package io.jetsnap.storage.fs;

import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A snapshot being written to {@code .<name>.<random>.partial} beside its target: hidden, and never
 * named like a snapshot. Committing syncs it to disk and renames it over the target in one step.
 */
final class PendingFile implements PendingSnapshot {
    private final Path target;
    private final Path directory;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream output;
    private boolean committed;
    private boolean closed;

    private PendingFile(Path target, Path directory, Path temporary, FileChannel channel) {
        this.target = target;
        this.directory = directory;
        this.temporary = temporary;
        this.channel = channel;
        this.output = new BufferedOutputStream(Channels.newOutputStream(channel), FileSnapshotStore.BUFFER_BYTES);
    }

    static PendingFile open(Path target, Path directory) {
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        while (true) {
            Path temporary = directory.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
            try {
                FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new PendingFile(target, directory, temporary, channel);
            } catch (FileAlreadyExistsException e) {
                continue; // another writer drew the same number; draw again
            } catch (IOException e) {
                throw FileSnapshotStore.failure("cannot write in", directory, e);
            }
        }
    }

    @Override
    public String location() {
        return target.toString();
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public StoredSnapshot commit() throws IOException {
        if (committed || closed) {
            throw new IllegalStateException("the snapshot was already " + (committed ? "committed" : "discarded"));
        }
        try {
            output.flush();
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            close();
            throw FileSnapshotStore.failure("cannot save", target, e);
        }
        committed = true;
        syncDirectory();
        try {
            return FileSnapshotStore.describe(target, Files.readAttributes(target, BasicFileAttributes.class));
        } catch (IOException e) {
            throw FileSnapshotStore.failure("saved but cannot read back", target, e);
        }
    }

    /** Deletes the temporary file unless committed; never throws. */
    @Override
    public void close() {
        if (committed || closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // discarding anyway
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // a hidden .partial file stays behind; nothing lists it as a snapshot
        }
    }

    /** Makes the rename itself durable; not every platform can sync a directory, so this is best effort. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the snapshot is written and renamed; only its survival of a power cut is less certain
        }
    }
}
