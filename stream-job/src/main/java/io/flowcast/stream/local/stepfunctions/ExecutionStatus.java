package io.flowcast.stream.local.stepfunctions;

/**
 * The status of an execution on {@link LocalStepFunctions}, named as Step Functions names them
 * (DescribeExecution's {@code status}). The stand-in never times executions out and never redrives
 * them, so {@code TIMED_OUT} and {@code PENDING_REDRIVE} do not occur.
 */
public enum ExecutionStatus {
    /**
     * Started and not ended: running now, or queued behind the execution that is (Step Functions
     * has no separate queued status).
     */
    RUNNING,
    /** The runner returned its output. */
    SUCCEEDED,
    /** The runner threw: its error and cause are recorded. */
    FAILED,
    /** The stand-in closed before the execution ended, or interrupted it while closing. */
    ABORTED;

    /** True once the execution has ended (every status but {@link #RUNNING}). */
    public boolean isClosed() {
        return this != RUNNING;
    }
}
