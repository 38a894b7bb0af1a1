package io.jetsnap.storage.fs;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.PinnedSnapshot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A snapshot file held open: every read goes through the one open file, so a snapshot replaced by
 * a rename (rsync, a sync job, {@code mv}) is not seen, and a file written over in place (a
 * {@code cp} onto it) is told by its size or modification time and refused.
 */
final class PinnedFile implements PinnedSnapshot {
    private final Path path;
    private final FileChannel channel;
    private final Object fileKey;
    private final long size;
    private final FileTime modified;

    private PinnedFile(Path path, FileChannel channel, BasicFileAttributes attributes) {
        this.path = path;
        this.channel = channel;
        this.fileKey = attributes.fileKey();
        this.size = attributes.size();
        this.modified = attributes.lastModifiedTime();
    }

    static PinnedFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new PinnedFile(path, channel, Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public InputStream open() throws IOException {
        refuseChanged();
        return new BufferedInputStream(new PositionalStream(channel), FileSnapshotStore.BUFFER_BYTES);
    }

    /** Refuses a file written over since it was opened: its size, or (still under its name) its time, changed. */
    private void refuseChanged() throws IOException {
        boolean changed = channel.size() != size;
        if (!changed) {
            try {
                BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
                changed = Objects.equals(now.fileKey(), fileKey) && !now.lastModifiedTime().equals(modified);
            } catch (NoSuchFileException e) {
                changed = false; // moved away or removed: the open file still holds what was read
            }
        }
        if (changed) {
            throw SnapshotException.badInput("the snapshot " + path + " was written over since it was first read "
                    + "(size or modification time changed); it is not loaded unverified");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads the channel from its first byte at positions of its own, leaving the channel open. */
    private static final class PositionalStream extends InputStream {
        private final FileChannel channel;
        private long position;

        PositionalStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}
