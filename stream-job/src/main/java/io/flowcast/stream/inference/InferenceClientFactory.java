package io.flowcast.stream.inference;

import java.io.Serializable;

/**
 * Creates the {@link InferenceClient} of one parallel instance, in the async function's {@code
 * open}. Production passes {@link SageMakerInferenceClient#factory}; tests pass fakes.
 */
@FunctionalInterface
public interface InferenceClientFactory extends Serializable {
    InferenceClient create();
}
