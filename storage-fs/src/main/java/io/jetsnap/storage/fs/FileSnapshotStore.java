package io.jetsnap.storage.fs;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.GeneratedName;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.PinnedSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Snapshots as files. A location is a path, relative or absolute, or a {@code file:} URI such as
 * {@code file:///var/snapshots/orders.json}; one that names a directory, or ends with {@code /},
 * is a container. A snapshot is written to a hidden temporary file next to its target and moved
 * into place atomically when committed; the locations this store returns are paths.
 */
public final class FileSnapshotStore implements SnapshotStore {
    static final int BUFFER_BYTES = 1 << 16;

    @Override
    public PendingSnapshot create(String location, String defaultName, boolean replace) throws IOException {
        Path path = toPath(location);
        boolean generated = isContainer(location, path);
        Path target = generated ? path.resolve(checkedFileName(defaultName)) : path;
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw SnapshotException.badInput(Files.exists(directory)
                    ? directory + " is not a directory"
                    : "directory " + directory + " does not exist; create it first or choose another location");
        }
        if (!generated && !replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw GeneratedName.exists(target.toString());
        }
        return PendingFile.open(target, directory, generated ? PendingFile.Commit.UNIQUE_NAME
                : replace ? PendingFile.Commit.REPLACE : PendingFile.Commit.NEW_FILE);
    }

    @Override
    public InputStream openRead(String location) throws IOException {
        Path path = snapshotFile(location);
        refuseIfNotRegular(path);
        try {
            return new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
        } catch (NoSuchFileException e) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot at " + path, e);
        } catch (IOException e) {
            throw failure("cannot read", path, e);
        }
    }

    /** The file held open, so that what a restore verified is what it loads (see {@link PinnedFile}). */
    @Override
    public PinnedSnapshot openPinned(String location) throws IOException {
        Path path = snapshotFile(location);
        refuseIfNotRegular(path);
        try {
            return PinnedFile.open(path);
        } catch (NoSuchFileException e) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot at " + path, e);
        } catch (IOException e) {
            throw failure("cannot read", path, e);
        }
    }

    /** For a directory, the regular files directly in it except hidden ones; for a file, that file. */
    @Override
    public boolean isContainer(String location) {
        return isContainer(location, toPath(location));
    }

    @Override
    public List<StoredSnapshot> list(String location) throws IOException {
        Path path = toPath(location);
        if (Files.isRegularFile(path)) {
            return List.of(describe(path, Files.readAttributes(path, BasicFileAttributes.class)));
        }
        if (!Files.isDirectory(path)) {
            refuseIfNotRegular(path);
            throw new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot or directory at " + path);
        }
        // dotfiles, and our own temporary files, are left out; a link is followed
        return regularFilesIn(path, name -> !name.startsWith("."));
    }

    /**
     * The regular files directly in {@code directory} whose names {@code wanted} takes, sorted by
     * location; {@code options} say whether a link is followed. One deleted while it is listed is left out.
     */
    private List<StoredSnapshot> regularFilesIn(Path directory, java.util.function.Predicate<String> wanted,
                                                LinkOption... options) throws IOException {
        List<StoredSnapshot> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, p -> wanted.test(p.getFileName().toString()))) {
            for (Path entry : entries) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, options);
                    if (attributes.isRegularFile()) {
                        found.add(describe(entry, attributes));
                    }
                } catch (NoSuchFileException e) {
                    continue; // deleted while we looked; a dangling link
                }
            }
        } catch (IOException e) {
            throw failure("cannot list", directory, e);
        }
        found.sort(Comparator.comparing(StoredSnapshot::location));
        return found;
    }

    @Override
    public boolean delete(String location) throws IOException {
        Path path = snapshotFile(location);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw failure("cannot delete", path, e);
        }
    }

    /** The hidden temporary files of snapshots never committed (see {@link PendingFile#isPartialName}) directly in a directory. */
    @Override
    public List<StoredSnapshot> partials(String location) throws IOException {
        Path path = toPath(location);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        // committed or discarded while we looked: left out; a link is not followed
        return regularFilesIn(path, PendingFile::isPartialName, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean deletePartial(String partial) throws IOException {
        Path path = toPath(partial);
        if (!PendingFile.isPartialName(path.getFileName().toString())) {
            throw SnapshotException.badInput(path + " is not a partial snapshot file");
        }
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw failure("cannot delete", path, e);
        }
    }

    /**
     * Refuses what exists but is not a regular file (a FIFO, a socket, a device) before it is
     * opened: opening a FIFO with no writer would wait for one forever.
     */
    private static void refuseIfNotRegular(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return; // missing or unreadable: opening it says so
        }
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            throw SnapshotException.badInput(path + " is not a regular file (a FIFO, socket or device); a snapshot is a "
                    + "regular file");
        }
    }

    /** The path a location names: a plain path, or an absolute {@code file:} URI. */
    static Path toPath(String location) {
        if (location.isBlank()) {
            throw SnapshotException.badInput("the location is empty; give a file or directory path");
        }
        if (!location.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                return Path.of(location);
            } catch (InvalidPathException e) {
                throw SnapshotException.badInput("'" + location + "' is not a valid path: " + e.getReason());
            }
        }
        try {
            return Path.of(new URI(location));
        } catch (URISyntaxException e) {
            throw SnapshotException.badInput("'" + location + "' is not a valid file: URI (" + e.getReason()
                    + "); percent-encode spaces and other special characters, or give a plain path");
        } catch (IllegalArgumentException e) {
            throw SnapshotException.badInput("'" + location + "' is not a usable file: URI (" + e.getMessage()
                    + "); write file:///absolute/path, or give a plain path");
        }
    }

    /** The path of a location that must name a file, not a directory. */
    private static Path snapshotFile(String location) {
        Path path = toPath(location);
        if (Files.isDirectory(path)) {
            throw SnapshotException.badInput(path + " is a directory, not a snapshot file");
        }
        return path;
    }

    /** A location names a container if it ends with a separator or is an existing directory. */
    private static boolean isContainer(String location, Path path) {
        return location.endsWith("/") || location.endsWith(File.separator) || Files.isDirectory(path);
    }

    private static String checkedFileName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains(File.separator)) {
            throw SnapshotException.badInput("'" + name + "' cannot be a snapshot file name: it must be a plain,"
                    + " non-hidden file name");
        }
        return name;
    }

    static StoredSnapshot describe(Path path, BasicFileAttributes attributes) {
        return new StoredSnapshot(path.toString(), attributes.size(), attributes.lastModifiedTime().toInstant());
    }

    /** An I/O failure as a one-line {@code IO} error: "cannot read /x/y.json: permission denied". */
    static SnapshotException failure(String doing, Path path, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new SnapshotException(ErrorCode.IO, doing + " " + path + ": " + reason, e);
    }
}
