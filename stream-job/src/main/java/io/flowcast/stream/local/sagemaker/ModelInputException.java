package io.flowcast.stream.local.sagemaker;

/**
 * The model container rejected a request: the body does not parse, has the wrong number of columns,
 * or uses a content type or accept type the container does not speak. SageMaker reports such
 * container errors to the caller as {@code ModelError} (HTTP 424) carrying the container's own
 * status code and message; {@link #originalStatusCode()} is that status code.
 */
public final class ModelInputException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A malformed payload. */
    public static final int BAD_REQUEST = 400;

    /** An accept type the container cannot produce. */
    public static final int NOT_ACCEPTABLE = 406;

    /** A content type the container cannot read. */
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private final int originalStatusCode;

    /** Creates the error with the status code the container answered. */
    public ModelInputException(int originalStatusCode, String message) {
        super(message);
        this.originalStatusCode = originalStatusCode;
    }

    /** The HTTP status code the model container answered (400, 406 or 415). */
    public int originalStatusCode() {
        return originalStatusCode;
    }
}
