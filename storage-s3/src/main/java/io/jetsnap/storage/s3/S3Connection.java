package io.jetsnap.storage.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A synchronous S3 client configured from {@link S3Settings}, with what it takes to describe its
 * failures. Requests go over Apache HttpClient 5; retries and timeouts are bounded
 * so that an unreachable endpoint fails in seconds.
 */
final class S3Connection implements AutoCloseable {
    /** Attempts per request, the first included. */
    static final int MAX_ATTEMPTS = 3;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a socket may stay silent; S3 keeps a slow CompleteMultipartUpload alive with whitespace. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final S3Client client;
    private final AwsCredentialsProvider credentials;
    private final S3Failures failures;
    private final S3Settings settings;
    private final boolean sendsChecksums;

    private S3Connection(S3Client client, AwsCredentialsProvider credentials, S3Failures failures, S3Settings settings) {
        this.client = client;
        this.credentials = credentials;
        this.failures = failures;
        this.settings = settings;
        this.sendsChecksums = settings.checksum() != null ? settings.checksum() == S3Settings.Checksum.WHEN_SUPPORTED
                : !"when_required".equalsIgnoreCase(sdkChecksumSetting());
    }

    /** The SDK's own request checksum setting, which it applies when {@link S3Settings#checksum()} is unset. */
    private static String sdkChecksumSetting() {
        String property = System.getProperty("aws.requestChecksumCalculation");
        return property != null ? property.strip() : String.valueOf(System.getenv("AWS_REQUEST_CHECKSUM_CALCULATION")).strip();
    }

    static S3Connection open(S3Settings settings) {
        AwsCredentialsProvider credentials = credentials(settings);
        Region region = region(settings);
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS)))
                .credentialsProvider(credentials)
                .region(region)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        } else if (settings.region() == null) {
            builder.crossRegionAccessEnabled(true); // AWS S3 with a guessed region: follow the bucket's region
        }
        if (settings.checksum() == S3Settings.Checksum.WHEN_REQUIRED) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        } else if (settings.checksum() == S3Settings.Checksum.WHEN_SUPPORTED) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
        }
        String endpoint = settings.endpoint() != null ? settings.endpoint().toString()
                : "https://s3." + region.id() + ".amazonaws.com";
        List<String> secrets = new ArrayList<>();
        if (settings.keys() != null) {
            secrets.add(settings.keys().secretAccessKey());
            if (settings.keys().sessionToken() != null) {
                secrets.add(settings.keys().sessionToken());
            }
        }
        return new S3Connection(builder.build(), credentials, new S3Failures(endpoint, secrets), settings);
    }

    S3Client client() {
        return client;
    }

    S3Failures failures() {
        return failures;
    }

    S3Settings settings() {
        return settings;
    }

    /**
     * Whether uploads carry CRC32 checksums: then a multipart upload declares CRC32 when it starts
     * and lists each part's checksum when it completes, as S3 requires; otherwise none of the three does.
     */
    boolean sendsChecksums() {
        return sendsChecksums;
    }

    @Override
    public void close() {
        client.close();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        S3Settings.Keys keys = settings.keys();
        if (keys != null) {
            AwsCredentials c = keys.sessionToken() == null
                    ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                    : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
            return StaticCredentialsProvider.create(c);
        }
        if (settings.profile() != null) {
            return ProfileCredentialsProvider.builder().profileName(settings.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The region: the setting, else the SDK's chain (system property, AWS_REGION, the profile), else
     * us-east-1, which S3-compatible stores accept. The chain asks EC2's instance metadata only when
     * talking to AWS itself: with an endpoint set that lookup could only cost seconds.
     */
    private static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        AwsRegionProvider chain;
        if (settings.endpoint() != null) {
            chain = new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
                    settings.profile() != null
                            ? new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, settings.profile())
                            : new AwsProfileRegionProvider());
        } else {
            DefaultAwsRegionProviderChain.Builder b = DefaultAwsRegionProviderChain.builder();
            if (settings.profile() != null) {
                b.profileName(settings.profile());
            }
            chain = b.build();
        }
        try {
            return chain.getRegion();
        } catch (SdkClientException | IllegalStateException e) {
            return FALLBACK_REGION;
        }
    }
}
