package io.flowcast.stream.local.stepfunctions;

/**
 * An error answer of {@link LocalStepFunctions}: the AWS JSON 1.0 error type ({@code __type}, which
 * the SDK maps to its exception class, e.g. {@code ExecutionAlreadyExists} to {@code
 * ExecutionAlreadyExistsException}), its message and the HTTP status. Every modelled Step Functions
 * error is a 400 (the SDK's {@code DefaultSfnClient} registers each with status 400).
 */
final class StepFunctionsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    private StepFunctionsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** The error type, without a namespace: the SDK's {@code awsErrorDetails().errorCode()}. */
    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static StepFunctionsError clientError(String type, String message) {
        return new StepFunctionsError(type, 400, message);
    }

    static StepFunctionsError stateMachineDoesNotExist(String arn) {
        return clientError(
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }

    static StepFunctionsError executionDoesNotExist(String arn) {
        return clientError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }

    static StepFunctionsError executionAlreadyExists(String arn) {
        return clientError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }

    static StepFunctionsError invalidName(String name) {
        return clientError("InvalidName", "Invalid Name: '" + name + "'");
    }

    static StepFunctionsError invalidExecutionInput(String why) {
        return clientError(
                "InvalidExecutionInput", "Invalid State Machine Execution Input: " + why);
    }

    static StepFunctionsError invalidArn(String arn, String why) {
        return clientError("InvalidArn", "Invalid Arn: '" + arn + "': " + why);
    }

    static StepFunctionsError invalidToken(String why) {
        return clientError("InvalidToken", "Invalid Token: " + why);
    }

    static StepFunctionsError validation(String message) {
        return clientError("ValidationException", message);
    }

    static StepFunctionsError serialization(String message) {
        return clientError("SerializationException", message);
    }

    static StepFunctionsError unknownOperation(String target) {
        return clientError(
                "UnknownOperationException",
                "Operation not supported by the local Step Functions: " + target);
    }

    static StepFunctionsError unavailable(String message) {
        return new StepFunctionsError("ServiceUnavailable", 503, message);
    }

    static StepFunctionsError internal(String message) {
        return new StepFunctionsError("InternalFailure", 500, message);
    }
}
