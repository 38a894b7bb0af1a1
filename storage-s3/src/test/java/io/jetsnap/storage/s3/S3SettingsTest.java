package io.jetsnap.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static S3Settings parse(Map<String, String> settings, Map<String, String> env) {
        return S3Settings.parse(settings, env::get);
    }

    private static void assertBadInput(String messagePart, Map<String, String> settings, Map<String, String> env) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> parse(settings, env));
        assertEquals(ErrorCode.BAD_INPUT, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains(messagePart), () -> "expected \"" + messagePart + "\" in: " + e.getMessage());
    }

    @Test
    void defaultsTalkToAwsWithTheSdkChains() {
        S3Settings s = parse(Map.of(), NO_ENV);
        assertNull(s.endpoint());
        assertNull(s.region());
        assertNull(s.profile());
        assertFalse(s.pathStyle());
        assertNull(s.checksum());
        assertEquals(8 * 1024 * 1024, s.partSize());
        assertEquals(2, s.parallelParts());
        assertNull(s.keys());
    }

    @Test
    void envNamesFollowTheSettingNames() {
        assertEquals("JETSNAP_S3_ENDPOINT", S3Settings.envName(S3Settings.ENDPOINT));
        assertEquals("JETSNAP_S3_PATH_STYLE", S3Settings.envName(S3Settings.PATH_STYLE));
        assertEquals("JETSNAP_S3_PART_SIZE", S3Settings.envName(S3Settings.PART_SIZE));
        assertEquals("JETSNAP_S3_SECRET_ACCESS_KEY", S3Settings.envName(S3Settings.SECRET_ACCESS_KEY));
    }

    @Test
    void everySettingIsReadFromTheEnvironment() {
        S3Settings s = parse(Map.of(), Map.of(
                "JETSNAP_S3_ENDPOINT", "http://127.0.0.1:9000",
                "JETSNAP_S3_REGION", "eu-west-1",
                "JETSNAP_S3_PROFILE", "backup",
                "JETSNAP_S3_PATH_STYLE", "false",
                "JETSNAP_S3_CHECKSUM", "when_required",
                "JETSNAP_S3_PART_SIZE", "16MiB",
                "JETSNAP_S3_PARALLEL_PARTS", "4",
                "JETSNAP_S3_ACCESS_KEY_ID", "id",
                "JETSNAP_S3_SECRET_ACCESS_KEY", "secret",
                "JETSNAP_S3_SESSION_TOKEN", "token"));
        assertEquals(URI.create("http://127.0.0.1:9000"), s.endpoint());
        assertEquals("eu-west-1", s.region());
        assertEquals("backup", s.profile());
        assertFalse(s.pathStyle());
        assertEquals(S3Settings.Checksum.WHEN_REQUIRED, s.checksum());
        assertEquals(16 * 1024 * 1024, s.partSize());
        assertEquals(4, s.parallelParts());
        assertEquals(new S3Settings.Keys("id", "secret", "token"), s.keys());
    }

    @Test
    void theMapWinsOverTheEnvironmentInEitherSpelling() {
        Map<String, String> env = Map.of("JETSNAP_S3_ENDPOINT", "http://env:1", "JETSNAP_S3_REGION", "env-region",
                "JETSNAP_S3_PART_SIZE", "6MiB");
        S3Settings s = parse(Map.of(S3Settings.ENDPOINT, "http://map:2", "JETSNAP_S3_REGION", "map-region"), env);
        assertEquals(URI.create("http://map:2"), s.endpoint());
        assertEquals("map-region", s.region());
        assertEquals(6 * 1024 * 1024, s.partSize());
        assertEquals("dotted", parse(Map.of(S3Settings.REGION, "dotted", "JETSNAP_S3_REGION", "env-style"), NO_ENV).region());
    }

    @Test
    void blankValuesCountAsUnset() {
        S3Settings s = parse(Map.of(S3Settings.ENDPOINT, " ", S3Settings.PART_SIZE, ""), Map.of("JETSNAP_S3_ENDPOINT", "http://env:1"));
        assertEquals(URI.create("http://env:1"), s.endpoint());
        assertEquals(S3Settings.DEFAULT_PART_SIZE, s.partSize());
    }

    @Test
    void pathStyleDefaultsToTrueWithAnEndpoint() {
        assertTrue(parse(Map.of(S3Settings.ENDPOINT, "https://minio.example:9000"), NO_ENV).pathStyle());
        assertFalse(parse(Map.of(S3Settings.ENDPOINT, "https://minio.example:9000", S3Settings.PATH_STYLE, "FALSE"), NO_ENV).pathStyle());
        assertTrue(parse(Map.of(S3Settings.PATH_STYLE, "true"), NO_ENV).pathStyle());
    }

    @Test
    void awsVariablesInTheMapKeepTheirMeaning() {
        S3Settings s = parse(Map.of("AWS_REGION", "us-west-2", "AWS_ACCESS_KEY_ID", "aws-id", "AWS_SECRET_ACCESS_KEY", "aws-secret",
                "AWS_SESSION_TOKEN", "aws-token"), NO_ENV);
        assertEquals("us-west-2", s.region());
        assertEquals(new S3Settings.Keys("aws-id", "aws-secret", "aws-token"), s.keys());
        assertEquals("p", parse(Map.of("AWS_PROFILE", "p"), NO_ENV).profile());
    }

    @Test
    void awsVariablesAreNotReadFromTheEnvironmentTheSdkReadsThem() {
        S3Settings s = parse(Map.of(), Map.of("AWS_REGION", "us-west-2", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"));
        assertNull(s.region());
        assertNull(s.keys());
    }

    @Test
    void jetsnapSettingsWinOverAwsVariables() {
        S3Settings s = parse(Map.of("AWS_REGION", "us-west-2", "AWS_ACCESS_KEY_ID", "aws-id", "AWS_SECRET_ACCESS_KEY", "aws-secret",
                S3Settings.REGION, "auto", S3Settings.ACCESS_KEY_ID, "id", S3Settings.SECRET_ACCESS_KEY, "secret"), NO_ENV);
        assertEquals("auto", s.region());
        assertEquals(new S3Settings.Keys("id", "secret", null), s.keys());
    }

    @Test
    void anExplicitProfileWinsOverAwsKeys() {
        S3Settings s = parse(Map.of("AWS_ACCESS_KEY_ID", "aws-id", "AWS_SECRET_ACCESS_KEY", "aws-secret", "AWS_PROFILE", "env-profile",
                S3Settings.PROFILE, "backup"), NO_ENV);
        assertEquals("backup", s.profile());
        assertNull(s.keys());
    }

    @Test
    void partSizesTakeBinaryUnits() {
        assertEquals(5 * 1024 * 1024, parse(Map.of(S3Settings.PART_SIZE, "5242880"), NO_ENV).partSize());
        assertEquals(5 * 1024 * 1024, parse(Map.of(S3Settings.PART_SIZE, "5M"), NO_ENV).partSize());
        assertEquals(64 * 1024 * 1024, parse(Map.of(S3Settings.PART_SIZE, "64 MiB"), NO_ENV).partSize());
        assertEquals(6 * 1024 * 1024, parse(Map.of(S3Settings.PART_SIZE, "6144k"), NO_ENV).partSize());
        assertEquals(1024 * 1024 * 1024, parse(Map.of(S3Settings.PART_SIZE, "1GiB"), NO_ENV).partSize());
    }

    @Test
    void badValuesAreBadInputNamingTheSetting() {
        assertBadInput("s3.part-size must be from 5MiB", Map.of(S3Settings.PART_SIZE, "4MiB"), NO_ENV);
        assertBadInput("s3.part-size must be from 5MiB", Map.of(S3Settings.PART_SIZE, "2GiB"), NO_ENV);
        assertBadInput("s3.part-size must be from 5MiB", Map.of(S3Settings.PART_SIZE, "99999999999999999999"), NO_ENV);
        assertBadInput("JETSNAP_S3_PART_SIZE must be a size in bytes", Map.of(), Map.of("JETSNAP_S3_PART_SIZE", "big"));
        assertBadInput("JETSNAP_S3_PART_SIZE must be a size", Map.of("JETSNAP_S3_PART_SIZE", "-8M"), NO_ENV);
        assertBadInput("s3.path-style must be true or false, not 'yes'", Map.of(S3Settings.PATH_STYLE, "yes"), NO_ENV);
        assertBadInput("s3.checksum must be when_supported or when_required", Map.of(S3Settings.CHECKSUM, "never"), NO_ENV);
        assertBadInput("s3.parallel-parts must be a whole number from 1 to 16", Map.of(S3Settings.PARALLEL_PARTS, "0"), NO_ENV);
        assertBadInput("s3.parallel-parts must be a whole number", Map.of(S3Settings.PARALLEL_PARTS, "two"), NO_ENV);
        assertBadInput("s3.endpoint must be an http:// or https:// URL", Map.of(S3Settings.ENDPOINT, "127.0.0.1:9000"), NO_ENV);
        assertBadInput("JETSNAP_S3_ENDPOINT must be an http:// or https:// URL", Map.of(), Map.of("JETSNAP_S3_ENDPOINT", "ftp://x"));
        assertBadInput("s3.endpoint must be", Map.of(S3Settings.ENDPOINT, "http://bad host"), NO_ENV);
    }

    @Test
    void halfOfAKeyPairIsBadInput() {
        assertBadInput("s3.access-key-id is set but s3.secret-access-key (JETSNAP_S3_SECRET_ACCESS_KEY) is not",
                Map.of(S3Settings.ACCESS_KEY_ID, "id"), NO_ENV);
        assertBadInput("JETSNAP_S3_SECRET_ACCESS_KEY is set but s3.access-key-id (JETSNAP_S3_ACCESS_KEY_ID) is not",
                Map.of(), Map.of("JETSNAP_S3_SECRET_ACCESS_KEY", "secret"));
    }

    @Test
    void theSdksChecksumVariableInTheMapCountsBelowTheSetting() {
        assertEquals(S3Settings.Checksum.WHEN_REQUIRED,
                parse(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED"), NO_ENV).checksum());
        assertEquals(S3Settings.Checksum.WHEN_SUPPORTED, parse(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED"),
                Map.of("JETSNAP_S3_CHECKSUM", "when_supported")).checksum());
        assertBadInput("AWS_REQUEST_CHECKSUM_CALCULATION must be when_supported or when_required",
                Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "always"), NO_ENV);
    }

    @Test
    void checksumAcceptsEitherSeparatorAndCase() {
        assertEquals(S3Settings.Checksum.WHEN_SUPPORTED, parse(Map.of(S3Settings.CHECKSUM, "WHEN-SUPPORTED"), NO_ENV).checksum());
        assertEquals(S3Settings.Checksum.WHEN_REQUIRED, parse(Map.of(S3Settings.CHECKSUM, "when_required"), NO_ENV).checksum());
    }

    @Test
    void theSecretNeverShowsInToString() {
        S3Settings s = parse(Map.of(S3Settings.ACCESS_KEY_ID, "id", S3Settings.SECRET_ACCESS_KEY, "very-secret",
                S3Settings.SESSION_TOKEN, "very-token"), NO_ENV);
        assertFalse(s.toString().contains("very-secret"), s::toString);
        assertFalse(s.toString().contains("very-token"), s::toString);
        assertTrue(s.toString().contains("accessKeyId=id"), s::toString);
    }
}
