package io.jetsnap.storage.s3;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the AWS SDK's exceptions into one-line {@link SnapshotException}s that say what went
 * wrong and what to do: a missing bucket or object, refused credentials, an unreachable endpoint.
 * No message ever holds a secret.
 */
final class S3Failures {
    /** S3 error codes that mean the credentials themselves were refused or lack the permission. */
    private static final Set<String> CREDENTIAL_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity",
            "AllAccessDisabled", "AccountProblem", "NotSignedUp");
    /** Codes that mean the credentials are wrong, as opposed to merely lacking a permission. */
    private static final Set<String> BAD_CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity");
    private static final String CREDENTIALS_HINT = "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or JETSNAP_S3_ACCESS_KEY_ID/"
            + "JETSNAP_S3_SECRET_ACCESS_KEY), AWS_PROFILE or --s3-profile";

    private static final String NO_CREDENTIALS_HINT = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or"
            + " JETSNAP_S3_ACCESS_KEY_ID and JETSNAP_S3_SECRET_ACCESS_KEY), AWS_PROFILE or --s3-profile";

    private final String endpoint;
    private final List<String> secrets;

    /**
     * @param endpoint the endpoint as users should see it, e.g. {@code http://127.0.0.1:9000}
     * @param secrets strings that must never appear in a message (secret key, session token)
     */
    S3Failures(String endpoint, List<String> secrets) {
        this.endpoint = endpoint;
        this.secrets = List.copyOf(secrets);
    }

    /** The bucket does not exist. */
    SnapshotException noSuchBucket(String bucket, @Nullable Throwable cause) {
        return new SnapshotException(ErrorCode.NOT_FOUND, "S3 bucket '" + bucket + "' does not exist (endpoint " + endpoint
                + "); create it or check the location", cause);
    }

    /** Whether S3 answered 403 Access Denied: a permission the credentials may lack for this one operation. */
    static boolean accessDenied(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 403 && !BAD_CREDENTIAL_CODES.contains(code(s3));
    }

    /** Whether S3 answered 404 (object or bucket: a HEAD response cannot say which). */
    static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /**
     * The failure of one request as a {@link SnapshotException}.
     *
     * @param doing what was being done, for the generic message, e.g. "read"
     * @param location the object or prefix concerned
     */
    SnapshotException map(SdkException e, String doing, S3Location location) {
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            if ("NoSuchBucket".equals(code)) {
                return noSuchBucket(location.bucket(), e);
            }
            if ("NoSuchKey".equals(code) || (s3.statusCode() == 404 && code.isEmpty())) {
                return new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot at " + location, e);
            }
            if (CREDENTIAL_CODES.contains(code) || s3.statusCode() == 403) {
                return new SnapshotException(ErrorCode.IO, "S3 refused the credentials for bucket '" + location.bucket() + "': "
                        + (code.isEmpty() ? "403 Forbidden" : code) + "; " + CREDENTIALS_HINT, e);
            }
            if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code) || s3.statusCode() == 301) {
                return new SnapshotException(ErrorCode.IO, "S3 bucket '" + location.bucket() + "' is in another region than the"
                        + " client's: set --s3-region (JETSNAP_S3_REGION) to the bucket's region", e);
            }
            String detail = s3.awsErrorDetails() != null && s3.awsErrorDetails().errorMessage() != null
                    ? ": " + s3.awsErrorDetails().errorMessage() : "";
            return new SnapshotException(ErrorCode.IO, clean("S3 could not " + doing + " " + location + ": "
                    + (code.isEmpty() ? "" : code + " ") + "(HTTP " + s3.statusCode() + ")" + detail), e);
        }
        if (interrupted(e)) {
            return new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while trying to " + doing + " " + location, e);
        }
        String unreachable = unreachable(e);
        if (unreachable != null) {
            return new SnapshotException(ErrorCode.IO, "could not reach S3 endpoint " + endpoint + ": " + unreachable, e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Unable to load credentials")) {
            return noCredentials(message, e);
        }
        if (message.contains("profile")) {
            return new SnapshotException(ErrorCode.IO, clean("cannot use the AWS profile for S3: " + firstLine(message)), e);
        }
        return new SnapshotException(ErrorCode.IO, clean("S3 could not " + doing + " " + location + ": " + firstLine(message)), e);
    }

    /**
     * The default credential chain gave nothing: the source that was set up and failed (web identity
     * whose STS call was refused, a token file that is missing), else every source tried, one line.
     */
    private SnapshotException noCredentials(String message, SdkException e) {
        List<CredentialSources.Attempt> attempts = CredentialSources.parse(message);
        if (attempts == null) {
            return new SnapshotException(ErrorCode.IO, "found no credentials for S3 in the AWS SDK's default chain (--verbose"
                    + " shows each source); " + NO_CREDENTIALS_HINT, e);
        }
        for (CredentialSources.Attempt a : attempts) {
            if (a.failedWhenSetUp()) {
                String how = a.webIdentity()
                        ? "by web identity (STS AssumeRoleWithWebIdentity with AWS_ROLE_ARN and the token in"
                                + " AWS_WEB_IDENTITY_TOKEN_FILE)"
                        : "from " + a.label();
                return new SnapshotException(ErrorCode.IO, clean("could not get credentials for S3 " + how + ": "
                        + firstLine(a.reason())), e);
            }
        }
        StringBuilder tried = new StringBuilder("JETSNAP_S3_ACCESS_KEY_ID/JETSNAP_S3_SECRET_ACCESS_KEY");
        for (CredentialSources.Attempt a : attempts) {
            tried.append(", ").append(a.label());
        }
        return new SnapshotException(ErrorCode.IO, "found no credentials for S3 (tried " + tried + "); " + NO_CREDENTIALS_HINT, e);
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AbortedException || t instanceof InterruptedException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }

    /** Why the endpoint could not be reached, or null if that is not what happened. */
    private static @Nullable String unreachable(Throwable e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return "timed out";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String m = t.getMessage();
                return m != null && m.toLowerCase(Locale.ROOT).contains("timed out") ? "connection timed out" : "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof SSLException) {
                return "TLS failed (" + firstLine(String.valueOf(t.getMessage())) + ")";
            }
        }
        return null;
    }

    private static String code(S3Exception e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null || details.errorCode() == null ? "" : details.errorCode();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Removes anything secret from a message that quotes a server or the SDK. */
    String clean(String message) {
        String m = message;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                m = m.replace(secret, "***");
            }
        }
        return m;
    }
}
