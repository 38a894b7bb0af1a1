package io.jetsnap.storage.s3;

import io.jetsnap.core.SnapshotException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the S3 store reaches S3: the settings handed to {@code SnapshotStoreProvider.open}, by name.
 *
 * <p>Each setting is looked up as its name ({@code s3.endpoint}), then as its environment-style
 * name ({@code JETSNAP_S3_ENDPOINT}) in the same map, then as that environment variable of the
 * process. So {@code Jetsnap.builder().storeSettings(Map.of(S3Settings.ENDPOINT, "http://127.0.0.1:9000"))}
 * and {@code JETSNAP_S3_ENDPOINT=http://127.0.0.1:9000} mean the same; the map wins. Blank values
 * count as unset. Names the store does not know are ignored.
 *
 * <p>{@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN} and {@code AWS_REQUEST_CHECKSUM_CALCULATION} keep the AWS SDK's meaning: the SDK reads them from the process
 * environment itself, and the store also honours them when they are in the map (the CLI passes its
 * environment through), below the {@code s3.*} settings.
 *
 * <p>Credentials, first match wins: {@link #ACCESS_KEY_ID} with {@link #SECRET_ACCESS_KEY}; then
 * {@link #PROFILE}; then {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} in the map; then
 * {@code AWS_PROFILE} in the map; then the SDK's default credential chain.
 *
 * @param endpoint an S3-compatible endpoint, or null for AWS S3
 * @param region the region, or null to ask the SDK's region chain (us-east-1 if it has none)
 * @param profile the AWS profile to take credentials (and a region) from, or null
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}) rather than virtual hosts
 * @param checksum when the client sends request checksums and checks response checksums, or null
 *     for the SDK's own setting (by default {@link Checksum#WHEN_SUPPORTED})
 * @param partSize the size of every part of a multipart upload but the last, in bytes
 * @param parallelParts how many part buffers there are, the one being filled included: so how
 *     many parts upload at once when the writer outpaces the network, and memory use is at most
 *     {@code partSize × parallelParts}
 * @param keys static credentials, or null for a profile or the SDK's chain
 */
public record S3Settings(@Nullable URI endpoint, @Nullable String region, @Nullable String profile, boolean pathStyle,
                         @Nullable Checksum checksum, int partSize, int parallelParts, @Nullable Keys keys) {
    /** An S3-compatible endpoint URL, e.g. {@code http://127.0.0.1:9000}; env {@code JETSNAP_S3_ENDPOINT}. */
    public static final String ENDPOINT = "s3.endpoint";
    /** The region, e.g. {@code eu-west-1} ({@code auto} for Cloudflare R2); env {@code JETSNAP_S3_REGION}. */
    public static final String REGION = "s3.region";
    /** The AWS profile (in ~/.aws/config and ~/.aws/credentials); env {@code JETSNAP_S3_PROFILE}. */
    public static final String PROFILE = "s3.profile";
    /** {@code true} or {@code false}; default true when an endpoint is set; env {@code JETSNAP_S3_PATH_STYLE}. */
    public static final String PATH_STYLE = "s3.path-style";
    /** {@code when_supported} (the SDK's default) or {@code when_required}; env {@code JETSNAP_S3_CHECKSUM}. */
    public static final String CHECKSUM = "s3.checksum";
    /** The multipart part size: bytes, or with a binary unit ({@code 16MiB}, {@code 16M}); env {@code JETSNAP_S3_PART_SIZE}. */
    public static final String PART_SIZE = "s3.part-size";
    /** How many part buffers, so parts in flight (1 to 16, default 2; memory is part size × this); env {@code JETSNAP_S3_PARALLEL_PARTS}. */
    public static final String PARALLEL_PARTS = "s3.parallel-parts";
    /** A static access key id, an alternative to the SDK's chain; env {@code JETSNAP_S3_ACCESS_KEY_ID}. */
    public static final String ACCESS_KEY_ID = "s3.access-key-id";
    /** The secret access key that goes with {@link #ACCESS_KEY_ID}; env {@code JETSNAP_S3_SECRET_ACCESS_KEY}. */
    public static final String SECRET_ACCESS_KEY = "s3.secret-access-key";
    /** A session token for temporary {@link #ACCESS_KEY_ID} credentials; env {@code JETSNAP_S3_SESSION_TOKEN}. */
    public static final String SESSION_TOKEN = "s3.session-token";

    /** The prefix of the environment-style names: {@code s3.part-size} is {@code JETSNAP_S3_PART_SIZE}. */
    public static final String ENV_PREFIX = "JETSNAP_S3_";

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's smallest part size (every part but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** Parts are buffered in memory, so they stay well below S3's 5 GiB limit. */
    public static final int MAX_PART_SIZE = 1024 * 1024 * 1024;
    public static final int DEFAULT_PARALLEL_PARTS = 2;
    public static final int MAX_PARALLEL_PARTS = 16;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|kb|kib|m|mb|mib|g|gb|gib)", Pattern.CASE_INSENSITIVE);

    /** When the S3 client computes request checksums and validates response checksums. */
    public enum Checksum {
        /** Whenever the operation supports a checksum (the SDK's default). */
        WHEN_SUPPORTED,
        /** Only when the operation requires one: for S3-compatible services that reject the SDK's defaults. */
        WHEN_REQUIRED;

        /** The setting's spelling: {@code when_supported}, {@code when_required}. */
        public String settingValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Static credentials. {@link #toString()} never shows the secret or the token. */
    public record Keys(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
        @Override
        public String toString() {
            return "Keys[accessKeyId=" + accessKeyId + ", secretAccessKey=***" + (sessionToken != null ? ", sessionToken=***" : "") + "]";
        }
    }

    /** The settings from a map, with the process environment for the {@code JETSNAP_S3_*} names the map lacks. */
    public static S3Settings parse(Map<String, String> settings) {
        return parse(settings, System::getenv);
    }

    /**
     * The settings from a map, with {@code environment} for the {@code JETSNAP_S3_*} names the map
     * lacks. A bad value is a {@code BAD_INPUT} error naming the setting.
     */
    public static S3Settings parse(Map<String, String> settings, Function<String, @Nullable String> environment) {
        Lookup in = new Lookup(settings, environment);
        URI endpoint = endpoint(in.get(ENDPOINT), in.source(ENDPOINT));
        String region = in.get(REGION);
        if (region == null) {
            region = in.aws("AWS_REGION");
        }
        String profile = in.get(PROFILE);
        String pathStyle = in.get(PATH_STYLE);
        Keys keys = keys(in, profile);
        if (keys == null && profile == null) {
            profile = in.aws("AWS_PROFILE");
        }
        return new S3Settings(endpoint, region, profile,
                pathStyle == null ? endpoint != null : bool(pathStyle, in.source(PATH_STYLE)),
                in.get(CHECKSUM) != null ? checksum(in.get(CHECKSUM), in.source(CHECKSUM))
                        : checksum(in.aws("AWS_REQUEST_CHECKSUM_CALCULATION"), "AWS_REQUEST_CHECKSUM_CALCULATION"),
                partSize(in.get(PART_SIZE), in.source(PART_SIZE)),
                parallelParts(in.get(PARALLEL_PARTS), in.source(PARALLEL_PARTS)),
                keys);
    }

    /** The environment-style name of a setting: {@code s3.path-style} is {@code JETSNAP_S3_PATH_STYLE}. */
    public static String envName(String setting) {
        return ENV_PREFIX + setting.substring("s3.".length()).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static @Nullable Keys keys(Lookup in, @Nullable String profile) {
        String id = in.get(ACCESS_KEY_ID);
        String secret = in.get(SECRET_ACCESS_KEY);
        if ((id == null) != (secret == null)) {
            String missing = id == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
            throw SnapshotException.badInput((id == null ? in.source(SECRET_ACCESS_KEY) : in.source(ACCESS_KEY_ID))
                    + " is set but " + missing + " (" + envName(missing) + ") is not; give both or neither");
        }
        if (id != null) {
            return new Keys(id, secret, in.get(SESSION_TOKEN));
        }
        if (profile != null) {
            return null; // an explicit profile beats AWS_* keys, as it does in the SDK
        }
        String awsId = in.aws("AWS_ACCESS_KEY_ID");
        String awsSecret = in.aws("AWS_SECRET_ACCESS_KEY");
        return awsId != null && awsSecret != null ? new Keys(awsId, awsSecret, in.aws("AWS_SESSION_TOKEN")) : null;
    }

    private static @Nullable URI endpoint(@Nullable String value, String source) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw SnapshotException.badInput(source + " must be an http:// or https:// URL such as http://127.0.0.1:9000, not '" + value + "'");
    }

    private static boolean bool(String value, String source) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw SnapshotException.badInput(source + " must be true or false, not '" + value + "'");
        };
    }

    private static @Nullable Checksum checksum(@Nullable String value, String source) {
        if (value == null) {
            return null;
        }
        for (Checksum c : Checksum.values()) {
            if (c.settingValue().equalsIgnoreCase(value.replace('-', '_'))) {
                return c;
            }
        }
        throw SnapshotException.badInput(source + " must be when_supported or when_required, not '" + value + "'");
    }

    private static int partSize(@Nullable String value, String source) {
        if (value == null) {
            return DEFAULT_PART_SIZE;
        }
        Matcher m = SIZE.matcher(value);
        long bytes = -1;
        if (m.matches()) {
            try {
                long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "" -> 1;
                    case "k", "kb", "kib" -> 1L << 10;
                    case "m", "mb", "mib" -> 1L << 20;
                    default -> 1L << 30;
                };
                bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                bytes = Long.MAX_VALUE;
            }
        }
        if (bytes < 0) {
            throw SnapshotException.badInput(source + " must be a size in bytes, or with a binary unit such as 16MiB, not '" + value + "'");
        }
        if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
            throw SnapshotException.badInput(source + " must be from 5MiB (S3's smallest part) to 1GiB, not '" + value + "'");
        }
        return (int) bytes;
    }

    private static int parallelParts(@Nullable String value, String source) {
        if (value == null) {
            return DEFAULT_PARALLEL_PARTS;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_PARALLEL_PARTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SnapshotException.badInput(source + " must be a whole number from 1 to " + MAX_PARALLEL_PARTS + ", not '" + value + "'");
    }

    /** Finds a setting under its name, then its environment-style name in the map, then in the environment. */
    private static final class Lookup {
        private final Map<String, String> settings;
        private final Function<String, @Nullable String> environment;

        Lookup(Map<String, String> settings, Function<String, @Nullable String> environment) {
            this.settings = settings;
            this.environment = environment;
        }

        @Nullable String get(String name) {
            String value = nonBlank(settings.get(name));
            if (value == null) {
                value = nonBlank(settings.get(envName(name)));
            }
            if (value == null) {
                value = nonBlank(environment.apply(envName(name)));
            }
            return value;
        }

        /** An AWS_* variable, from the map only: the SDK reads the process environment itself. */
        @Nullable String aws(String name) {
            return nonBlank(settings.get(name));
        }

        /** How to name a setting in an error: the form it was given in. */
        String source(String name) {
            return nonBlank(settings.get(name)) == null && get(name) != null ? envName(name) : name;
        }

        private static @Nullable String nonBlank(@Nullable String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }
}
