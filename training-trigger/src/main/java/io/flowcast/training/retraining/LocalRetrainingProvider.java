package io.flowcast.training.retraining;

import io.flowcast.stream.local.stepfunctions.ExecutionRunner;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import java.time.Clock;
import java.util.Map;

/**
 * Registers the {@link LocalRetrainingPipeline} with the local Step Functions stand-in ({@code
 * META-INF/services/io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider}). Settings: the
 * SPI's {@code lake.path}, {@code model.registry} and {@code runs.path}, plus the optional keys of
 * {@link RetrainingSettings}; unknown keys are ignored.
 */
public final class LocalRetrainingProvider implements ExecutionRunnerProvider {

    /**
     * @throws IllegalArgumentException naming a missing or malformed setting
     */
    @Override
    public ExecutionRunner create(Map<String, String> settings) {
        return new LocalRetrainingPipeline(RetrainingSettings.from(settings), Clock.systemUTC());
    }
}
