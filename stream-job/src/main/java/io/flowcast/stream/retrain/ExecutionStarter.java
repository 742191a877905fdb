package io.flowcast.stream.retrain;

/**
 * Starts one Step Functions execution: the seam between {@link RetrainTrigger}'s logic (naming,
 * cooldown, retries) and the AWS SDK. {@link SfnExecutionStarter} is the real one; unit tests use a
 * fake.
 */
public interface ExecutionStarter extends AutoCloseable {

    /**
     * One {@code StartExecution} call, without retries.
     *
     * @return the execution ARN
     * @throws StartExecutionException for any service or transport error, carrying the service's
     *     error code and HTTP status (no request or credential material)
     */
    String start(String stateMachineArn, String executionName, String input)
            throws StartExecutionException;

    @Override
    void close();
}
