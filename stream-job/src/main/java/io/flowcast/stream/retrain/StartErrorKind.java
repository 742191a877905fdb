package io.flowcast.stream.retrain;

import java.util.Set;

/**
 * What a failed {@code StartExecution} means for a retraining request; the mapping is {@link
 * #of(String, int)}, pure so it is tested without the SDK.
 */
public enum StartErrorKind {
    /**
     * The execution name is taken (a run for this episode exists or existed in the last 90 days):
     * the request is satisfied, a replay must not start a second run.
     */
    ALREADY_EXISTS,
    /** Throttling, 5xx or no response: retried with backoff. */
    RETRYABLE,
    /**
     * Anything else (bad ARN, missing state machine, access denied, invalid input): not retried.
     */
    PERMANENT;

    private static final Set<String> RETRYABLE_CODES =
            Set.of(
                    "ThrottlingException",
                    "Throttling",
                    "ThrottledException",
                    "TooManyRequestsException",
                    "RequestLimitExceeded",
                    "ServiceUnavailable",
                    "ServiceUnavailableException",
                    "InternalFailure",
                    "InternalServerError",
                    "KmsThrottlingException",
                    StartExecutionException.TRANSPORT_ERROR);

    /** Classifies a service error code and HTTP status (0 = no response). */
    public static StartErrorKind of(String errorCode, int httpStatus) {
        if ("ExecutionAlreadyExists".equals(errorCode)) {
            return ALREADY_EXISTS;
        }
        if (RETRYABLE_CODES.contains(errorCode)
                || httpStatus == 0
                || httpStatus == 429
                || httpStatus >= 500) {
            return RETRYABLE;
        }
        return PERMANENT;
    }

    /** Classifies a failed call. */
    public static StartErrorKind of(StartExecutionException e) {
        return of(e.errorCode(), e.httpStatus());
    }
}
