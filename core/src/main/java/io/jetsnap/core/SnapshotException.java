package io.jetsnap.core;

/**
 * The one unchecked exception jetsnap throws. Its message is a complete sentence meant for a
 * person (what happened, to what, what to do next); {@link #code()} is meant for programs.
 */
public class SnapshotException extends RuntimeException {
    private final ErrorCode code;
    private final int serverErrorCode;

    public SnapshotException(ErrorCode code, String message) {
        this(code, message, null, 0);
    }

    public SnapshotException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, 0);
    }

    public SnapshotException(ErrorCode code, String message, Throwable cause, int serverErrorCode) {
        super(message, cause);
        this.code = code;
        this.serverErrorCode = serverErrorCode;
    }

    public static SnapshotException corrupt(String message) {
        return new SnapshotException(ErrorCode.CORRUPT_SNAPSHOT, message);
    }

    public static SnapshotException corrupt(String message, Throwable cause) {
        return new SnapshotException(ErrorCode.CORRUPT_SNAPSHOT, message, cause);
    }

    public static SnapshotException badInput(String message) {
        return new SnapshotException(ErrorCode.BAD_INPUT, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The JetStream API error code ({@code err_code}) when the server refused a request, else 0. */
    public int serverErrorCode() {
        return serverErrorCode;
    }
}
