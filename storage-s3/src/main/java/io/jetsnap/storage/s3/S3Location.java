package io.jetsnap.storage.s3;

import io.jetsnap.core.SnapshotException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code s3://bucket/key} location. An empty key, or one ending with {@code /}, is a
 * prefix: a container that snapshots are created in.
 */
record S3Location(String bucket, String key) {
    private static final Pattern LOCATION = Pattern.compile("(?i:s3)://([^/]*)(?:/(.*))?", Pattern.DOTALL);
    /** Loose on purpose: S3-compatible stores accept more than AWS's DNS-style names. */
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    static S3Location parse(String location) {
        Matcher m = LOCATION.matcher(location);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw SnapshotException.badInput("s3 location must look like s3://bucket/key or s3://bucket/prefix/, not '" + location + "'");
        }
        String bucket = m.group(1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw SnapshotException.badInput("'" + bucket + "' in " + location + " is not an S3 bucket name: use letters, digits, '.', '-' and '_'");
        }
        return new S3Location(bucket, m.group(2) == null ? "" : m.group(2));
    }

    /** Whether this names a container rather than one object. */
    boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** This prefix with {@code name} appended. */
    S3Location resolve(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw SnapshotException.badInput("'" + name + "' cannot be a snapshot name in " + this + ": it must be non-empty and hold no '/'");
        }
        return new S3Location(bucket, key + name);
    }

    /** A location that must name one object (a snapshot), not a prefix. */
    static S3Location object(String location) {
        S3Location parsed = parse(location);
        if (parsed.isPrefix()) {
            throw SnapshotException.badInput(parsed + " is a prefix, not a snapshot; name the object, e.g. " + parsed.bucketRoot() + "backups/orders.json");
        }
        return parsed;
    }

    private String bucketRoot() {
        return "s3://" + bucket + "/";
    }

    @Override
    public String toString() {
        return bucketRoot() + key;
    }
}
