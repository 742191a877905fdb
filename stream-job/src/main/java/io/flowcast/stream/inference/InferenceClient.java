package io.flowcast.stream.inference;

import java.util.concurrent.CompletableFuture;

/**
 * One {@code InvokeEndpoint} call: the SageMaker runtime in production ({@code
 * SageMakerInferenceClient}), fakes in tests. Must not block the caller; the future may complete on
 * any thread. A failed call completes exceptionally with an {@link InferenceException} whose {@link
 * InferenceException.Kind} says whether a retry can help.
 */
public interface InferenceClient extends AutoCloseable {

    /**
     * Sends {@code body} (in {@code route.format()}) to the route's endpoint.
     *
     * @param customAttributes the {@code CustomAttributes} header value, or null
     */
    CompletableFuture<InvocationResponse> invoke(
            ModelRoute route, byte[] body, String customAttributes);

    @Override
    void close();
}
