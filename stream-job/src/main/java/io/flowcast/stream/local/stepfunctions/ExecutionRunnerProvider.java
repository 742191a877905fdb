package io.flowcast.stream.local.stepfunctions;

import java.util.Map;

/**
 * Creates the {@link ExecutionRunner} of the local retraining pipeline. Found with {@link
 * java.util.ServiceLoader}: the stream job does not depend on the trainer, and the trainer module
 * ({@code training-trigger}) registers its implementation in {@code
 * META-INF/services/io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider}. When no
 * provider is on the class path, the local run starts no retraining.
 */
public interface ExecutionRunnerProvider {

    /** Setting: the lake's root directory (its {@code features/} dataset is the training data). */
    String LAKE_PATH = "lake.path";

    /** Setting: the local model registry's root directory, where a better model is registered. */
    String MODEL_REGISTRY = "model.registry";

    /** Setting: the directory of run records (the local stand-in for the DynamoDB run table). */
    String RUNS_PATH = "runs.path";

    /**
     * A runner for these settings (the keys above; providers may read more and must ignore keys
     * they do not know).
     */
    ExecutionRunner create(Map<String, String> settings);
}
