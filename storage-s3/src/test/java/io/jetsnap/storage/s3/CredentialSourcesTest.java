package io.jetsnap.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one line said when the SDK's default credential chain gives nothing, from the exception the
 * SDK's own chain builds (sources named as the default chain's are, failing with the reasons the
 * SDK 2.57 gives).
 */
class CredentialSourcesTest {
    private static final String NO_SYSTEM_SETTINGS = "Unable to load credentials from system settings. Access key must be"
            + " specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).";
    private static final String NO_TOKEN_FILE = "Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE or the"
            + " javaproperty aws.webIdentityTokenFile must be set.";
    private static final String NO_PROFILE = "Profile file contained no credentials for profile 'default': ProfileFile(sections=[])";
    private static final String NO_CONTAINER = "Cannot fetch credentials from container - neither AWS_CONTAINER_CREDENTIALS_FULL_URI"
            + " or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI environment variables are set.";
    private static final String NO_IMDS = "Failed to load credentials from IMDS.";
    private static final String STS_REFUSED = "Unable to execute HTTP request: Connect to http://127.0.0.1:1 failed: Connection"
            + " refused (SDK Attempt Count: 4)";

    /** A source of the chain that gives nothing, named as the SDK names its own. */
    private record Failing(String name, String reason) implements AwsCredentialsProvider {
        @Override
        public AwsCredentials resolveCredentials() {
            throw SdkClientException.create(reason);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static SdkClientException chainFailure(String webIdentityReason, String profile) {
        AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(false)
                .credentialsProviders(List.of(
                        new Failing("SystemPropertyCredentialsProvider()", NO_SYSTEM_SETTINGS),
                        new Failing("EnvironmentVariableCredentialsProvider()", NO_SYSTEM_SETTINGS),
                        new Failing("WebIdentityTokenFileCredentialsProvider()", webIdentityReason),
                        new Failing("ProfileCredentialsProvider(profileName=" + profile + ")", NO_PROFILE),
                        new Failing("ContainerCredentialsProvider()", NO_CONTAINER),
                        new Failing("InstanceProfileCredentialsProvider()", NO_IMDS)))
                .build();
        return assertThrows(SdkClientException.class, chain::resolveCredentials);
    }

    private static SnapshotException mapped(SdkClientException e) {
        SnapshotException mapped = new S3Failures("http://127.0.0.1:9000", List.of("s3cr3t")).map(e, "list",
                S3Location.parse("s3://backups/nightly/"));
        assertEquals(ErrorCode.IO, mapped.code());
        assertEquals(1, mapped.getMessage().lines().count(), mapped::getMessage);
        return mapped;
    }

    @Test
    void parsesEverySourceOfTheChainWithItsReason() {
        List<CredentialSources.Attempt> attempts = CredentialSources.parse(chainFailure(STS_REFUSED, "default").getMessage());
        assertNotNull(attempts);
        assertEquals(List.of("SystemPropertyCredentialsProvider()", "EnvironmentVariableCredentialsProvider()",
                "WebIdentityTokenFileCredentialsProvider()", "ProfileCredentialsProvider(profileName=default)",
                "ContainerCredentialsProvider()", "InstanceProfileCredentialsProvider()"),
                attempts.stream().map(CredentialSources.Attempt::provider).toList());
        assertEquals(STS_REFUSED, attempts.get(2).reason());
        assertEquals(NO_IMDS, attempts.get(5).reason());
        assertEquals(List.of(false, false, true, false, false, false),
                attempts.stream().map(CredentialSources.Attempt::failedWhenSetUp).toList());
    }

    @Test
    void noCredentialsNamesEverySourceTried() {
        String message = mapped(chainFailure(NO_TOKEN_FILE, "nightly")).getMessage();
        assertEquals("found no credentials for S3 (tried JETSNAP_S3_ACCESS_KEY_ID/JETSNAP_S3_SECRET_ACCESS_KEY, system"
                + " properties aws.accessKeyId/aws.secretAccessKey, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, web identity"
                + " (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), profile 'nightly' (~/.aws/config, ~/.aws/credentials),"
                + " container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI), EC2 instance metadata); set"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or JETSNAP_S3_ACCESS_KEY_ID and"
                + " JETSNAP_S3_SECRET_ACCESS_KEY), AWS_PROFILE or --s3-profile", message);
    }

    @Test
    void aWebIdentityThatFailsIsNamedWithItsStsCall() {
        String message = mapped(chainFailure(STS_REFUSED, "default")).getMessage();
        assertEquals("could not get credentials for S3 by web identity (STS AssumeRoleWithWebIdentity with AWS_ROLE_ARN"
                + " and the token in AWS_WEB_IDENTITY_TOKEN_FILE): " + STS_REFUSED, message);
        assertFalse(message.contains("no credentials"), message);
    }

    @Test
    void aWebIdentityWithoutTheStsModuleSaysSo() {
        String message = mapped(chainFailure("To use web identity tokens, the 'sts' service module must be on the class path.",
                "default")).getMessage();
        assertTrue(message.startsWith("could not get credentials for S3 by web identity") && message.endsWith("the 'sts' service"
                + " module must be on the class path."), message);
    }

    @Test
    void aSecretInAReasonIsHidden() {
        String message = mapped(chainFailure("java.nio.file.NoSuchFileException: /var/run/s3cr3t/token", "default")).getMessage();
        assertTrue(message.endsWith("NoSuchFileException: /var/run/***/token"), message);
    }

    @Test
    void anotherMessageIsNoChain() {
        assertNull(CredentialSources.parse("Unable to load credentials from service endpoint"));
        assertNull(CredentialSources.parse("Unable to load credentials from any of the providers in the chain"
                + " AwsCredentialsProviderChain(credentialsProviders=[A(), B()]) : [A(): why]"));
        String message = mapped(SdkClientException.create("Unable to load credentials from service endpoint")).getMessage();
        assertTrue(message.startsWith("found no credentials for S3 in the AWS SDK's default chain"), message);
    }
}
