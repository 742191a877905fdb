package io.flowcast.stream.local.stepfunctions;

/**
 * Told when executions on {@link LocalStepFunctions} start and end: the hook the local run's
 * console uses to show "retrain started" and "retrain succeeded/failed". Every method has an empty
 * default, so a listener implements only what it needs.
 *
 * <p>For each execution, {@link #started} comes first and exactly one of {@link #succeeded}, {@link
 * #failed} or {@link #aborted} follows it. {@code started} is called on the HTTP thread that
 * answered {@code StartExecution}, before the answer is sent (a repeated idempotent {@code
 * StartExecution} does not call it again); the end callbacks are called on the worker thread (or,
 * for executions aborted by {@link LocalStepFunctions#close()}, on the closing thread), before
 * {@link LocalStepFunctions#awaitIdle} counts the execution as done. Callbacks should return
 * quickly: the next execution waits for them. An exception thrown by a callback is logged and
 * otherwise ignored.
 */
public interface ExecutionListener {

    /** The execution was accepted by {@code StartExecution}; status RUNNING. */
    default void started(ExecutionRecord execution) {}

    /** The runner returned; status SUCCEEDED, with the output. */
    default void succeeded(ExecutionRecord execution) {}

    /** The runner threw; status FAILED, with the error and cause. */
    default void failed(ExecutionRecord execution) {}

    /** The stand-in closed before the execution ended; status ABORTED. */
    default void aborted(ExecutionRecord execution) {}
}
