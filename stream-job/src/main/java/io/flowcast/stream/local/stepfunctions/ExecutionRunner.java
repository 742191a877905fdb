package io.flowcast.stream.local.stepfunctions;

/**
 * What the local Step Functions stand-in does for one execution of the retraining state machine:
 * the same steps as the Amazon States Language definition, run in Java on this machine. The
 * stand-in calls {@link #run} once per started execution, on its own thread, one execution at a
 * time.
 */
public interface ExecutionRunner {

    /**
     * Runs {@code execution} to its end.
     *
     * @return the execution's output, a JSON document (DescribeExecution's {@code output})
     * @throws ExecutionFailedException for a run that ends in the failure path (its error and cause
     *     become DescribeExecution's {@code error} and {@code cause}); any other exception fails
     *     the execution with error {@code States.Runtime}
     */
    String run(LocalExecution execution) throws Exception;
}
