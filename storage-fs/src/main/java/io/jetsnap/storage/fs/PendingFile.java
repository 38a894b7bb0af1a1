package io.jetsnap.storage.fs;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.GeneratedName;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A snapshot being written to {@code .<name>.<random>.partial} beside its target: hidden, and never
 * named like a snapshot. Committing syncs it to disk and puts it in place in one step: unless a
 * replace was asked, as a hard link that the file system refuses to make over an existing file
 * (then the temporary name is removed), so that two snapshots committed at once never overwrite
 * each other; a generated name that is taken becomes the next {@link GeneratedName#candidate}.
 * Where the file system has no hard links, the target is checked and the file renamed into place,
 * which leaves a moment in which another writer's file could be replaced.
 */
final class PendingFile implements PendingSnapshot {
    /** How a commit treats a target that exists. */
    enum Commit { UNIQUE_NAME, NEW_FILE, REPLACE }

    private final Commit mode;
    private Path target;
    private final Path directory;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream output;
    private boolean committed;
    private boolean closed;

    private PendingFile(Path target, Path directory, Path temporary, FileChannel channel, Commit mode) {
        this.mode = mode;
        this.target = target;
        this.directory = directory;
        this.temporary = temporary;
        this.channel = channel;
        this.output = new BufferedOutputStream(Channels.newOutputStream(channel), FileSnapshotStore.BUFFER_BYTES);
    }

    /** The temporary files this class names: {@code .<name>.<hex>.partial}. */
    private static final java.util.regex.Pattern PARTIAL_NAME = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.partial");

    /** Whether {@code fileName} is one of this class's temporary file names. */
    static boolean isPartialName(String fileName) {
        return PARTIAL_NAME.matcher(fileName).matches();
    }

    static PendingFile open(Path target, Path directory, Commit mode) {
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        while (true) {
            Path temporary = directory.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
            try {
                FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new PendingFile(target, directory, temporary, channel, mode);
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
            if (mode == Commit.REPLACE) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                target = placeWithoutReplacing();
            }
        } catch (SnapshotException e) {
            close();
            throw e;
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

    /** Links the temporary file under the first free name (only the target itself unless the name was generated). */
    private Path placeWithoutReplacing() throws IOException {
        String name = target.getFileName().toString();
        int attempts = mode == Commit.UNIQUE_NAME ? GeneratedName.ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Path candidate = target.resolveSibling(GeneratedName.candidate(name, attempt));
            try {
                if (linked(candidate)) {
                    Files.delete(temporary);
                }
                return candidate;
            } catch (FileAlreadyExistsException e) {
                continue; // taken: the next name, if the name was generated
            }
        }
        throw mode == Commit.UNIQUE_NAME ? GeneratedName.exhausted(directory.toString(), name) : GeneratedName.exists(target.toString());
    }

    /**
     * Puts the file at {@code candidate} without replacing anything: a hard link (true: the
     * temporary name is still there), or where the file system has none a rename after a check
     * (false). A name that is taken is a {@link FileAlreadyExistsException}.
     */
    private boolean linked(Path candidate) throws IOException {
        try {
            Files.createLink(candidate, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(candidate.toString());
            }
            Files.move(temporary, candidate, StandardCopyOption.ATOMIC_MOVE);
            return false;
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
