package io.flowcast.stream.local.sagemaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The error responses of the SageMaker runtime {@code InvokeEndpoint} API, in the shape the AWS SDK
 * v2 ({@code SageMakerRuntimeAsyncClient}, AWS REST-JSON protocol) turns into its typed exceptions.
 *
 * <p>The SDK reads the error code from the {@value #ERROR_TYPE_HEADER} header (the part before any
 * {@code ':'}), falling back to a {@code __type} body field, and the message from a {@code
 * message}, {@code Message} or {@code errorMessage} body field ({@code JsonErrorCodeParser} and
 * {@code SdkJsonErrorMessageParser} in {@code aws-json-protocol} 2.40.2). It maps the codes of the
 * service model to classes ({@code DefaultSageMakerRuntimeAsyncClient}): {@code ModelError} (424)
 * to {@code ModelErrorException} with the body fields {@code OriginalStatusCode}, {@code
 * OriginalMessage} and {@code LogStreamArn}; {@code ValidationError} (400) to {@code
 * ValidationErrorException}; {@code ServiceUnavailable} (503) to {@code
 * ServiceUnavailableException}; {@code InternalFailure} (500) to {@code InternalFailureException}.
 * {@code ThrottlingException} is not in the service model: SageMaker answers it with HTTP 400 and
 * the body {@code {"message":null}}, and the SDK raises the base {@code SageMakerRuntimeException}
 * with {@code isThrottlingException() == true} (the code is in the SDK's list of throttling codes)
 * and retries it.
 */
public final class SageMakerErrors {

    /** The header carrying the error code. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    /** The account id that appears in messages and ARNs; the stand-in has no account. */
    public static final String ACCOUNT = "000000000000";

    /** The region that appears in messages and ARNs. */
    public static final String REGION = "us-east-1";

    public static final String MODEL_ERROR = "ModelError";
    public static final String VALIDATION_ERROR = "ValidationError";
    public static final String THROTTLING = "ThrottlingException";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String INTERNAL_FAILURE = "InternalFailure";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SageMakerErrors() {}

    /** An error response: status, code for {@value #ERROR_TYPE_HEADER}, and JSON body. */
    public static final class ErrorResponse {
        private final int status;
        private final String errorType;
        private final byte[] body;

        ErrorResponse(int status, String errorType, ObjectNode body) {
            this.status = status;
            this.errorType = errorType;
            this.body = body.toString().getBytes(StandardCharsets.UTF_8);
        }

        public int status() {
            return status;
        }

        public String errorType() {
            return errorType;
        }

        public byte[] body() {
            return body;
        }
    }

    /** 400 {@code ValidationError} with {@code message}. */
    public static ErrorResponse validation(String message) {
        return new ErrorResponse(400, VALIDATION_ERROR, message(message));
    }

    /**
     * 400 {@code ValidationError} for an endpoint that does not exist, worded as SageMaker does.
     */
    public static ErrorResponse endpointNotFound(String endpointName) {
        return validation("Endpoint " + endpointName + " of account " + ACCOUNT + " not found.");
    }

    /**
     * 413 for a body over the invocation payload limit, with the code {@code ValidationError} so
     * the SDK raises {@code ValidationErrorException} (not retried). The status follows the HTTP
     * meaning; what SageMaker itself answers here is not documented in the service model.
     */
    public static ErrorResponse payloadTooLarge(long limitBytes) {
        return new ErrorResponse(
                413,
                VALIDATION_ERROR,
                message(
                        "Request payload exceeds the maximum of "
                                + limitBytes
                                + " bytes (6 MB) for InvokeEndpoint."));
    }

    /** 400 {@code ThrottlingException}, with the null message SageMaker sends. */
    public static ErrorResponse throttling() {
        ObjectNode body = MAPPER.createObjectNode();
        body.putNull("message");
        return new ErrorResponse(400, THROTTLING, body);
    }

    /** 503 {@code ServiceUnavailable}. */
    public static ErrorResponse unavailable(String message) {
        return new ErrorResponse(503, SERVICE_UNAVAILABLE, message(message));
    }

    /** 404 {@code UnknownOperationException} for a path that is not an invocation. */
    public static ErrorResponse unknownOperation(String request) {
        return new ErrorResponse(
                404, "UnknownOperationException", message("No operation matches " + request));
    }

    /** 500 {@code InternalFailure}. */
    public static ErrorResponse internalFailure(String message) {
        return new ErrorResponse(500, INTERNAL_FAILURE, message(message));
    }

    /**
     * 424 {@code ModelError}: the container answered {@code originalStatus} with {@code
     * originalMessage}. The message follows SageMaker's wording ("Received client error (400) from
     * primary with message ...").
     */
    public static ErrorResponse modelError(
            String endpointName, int originalStatus, String originalMessage) {
        String kind = originalStatus >= 500 ? "server" : "client";
        String logGroup = "/aws/sagemaker/Endpoints/" + endpointName;
        ObjectNode body = MAPPER.createObjectNode();
        body.put("OriginalStatusCode", originalStatus);
        body.put("OriginalMessage", originalMessage);
        body.put(
                "LogStreamArn",
                "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + logGroup);
        body.put(
                "Message",
                "Received "
                        + kind
                        + " error ("
                        + originalStatus
                        + ") from primary with message \""
                        + originalMessage
                        + "\". See https://"
                        + REGION
                        + ".console.aws.amazon.com/cloudwatch/home?region="
                        + REGION
                        + "#logEventViewer:group="
                        + logGroup
                        + " in account "
                        + ACCOUNT
                        + " for more information.");
        return new ErrorResponse(424, MODEL_ERROR, body);
    }

    private static ObjectNode message(String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("message", message);
        return body;
    }
}
