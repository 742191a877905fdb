package io.flowcast.stream.inference;

import io.flowcast.stream.inference.InferenceException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * {@link InferenceClient} over the AWS SDK v2 {@link SageMakerRuntimeAsyncClient} (non-blocking,
 * Netty). Credentials come from the default provider chain (the application's IAM role on Managed
 * Flink); {@code endpointOverride} points it at the local model server. The SDK's own retries are
 * off: {@link BatchingInvoker} retries, so attempts are counted once and backoff is ours.
 *
 * <p>Errors are mapped to {@link InferenceException.Kind}: throttling (HTTP 429 or a throttling
 * error code) and 5xx are retryable, {@code ModelError} is a model error, {@code ValidationError}
 * and other 4xx are validation errors, and a call that got no answer is a connection error.
 */
public final class SageMakerInferenceClient implements InferenceClient {

    private final SageMakerRuntimeAsyncClient client;

    SageMakerInferenceClient(SageMakerRuntimeAsyncClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A factory for the job: {@code region} required, {@code endpointOverride} null on AWS, {@code
     * maxConcurrency} the HTTP connections per subtask.
     */
    public static InferenceClientFactory factory(
            String region, URI endpointOverride, int maxConcurrency, Duration callTimeout) {
        Objects.requireNonNull(region, "region");
        String override = endpointOverride == null ? null : endpointOverride.toString();
        long timeoutMillis = callTimeout.toMillis();
        return () -> {
            SageMakerRuntimeAsyncClientBuilder builder =
                    SageMakerRuntimeAsyncClient.builder()
                            .region(Region.of(region))
                            .httpClientBuilder(
                                    NettyNioAsyncHttpClient.builder()
                                            .maxConcurrency(maxConcurrency)
                                            .connectionTimeout(Duration.ofSeconds(2)))
                            .overrideConfiguration(
                                    c ->
                                            c.retryStrategy(AwsRetryStrategy.doNotRetry())
                                                    .apiCallTimeout(
                                                            Duration.ofMillis(timeoutMillis)));
            if (override != null) {
                builder.endpointOverride(URI.create(override));
            }
            return new SageMakerInferenceClient(builder.build());
        };
    }

    @Override
    public CompletableFuture<InvocationResponse> invoke(
            ModelRoute route, byte[] body, String customAttributes) {
        InvokeEndpointRequest.Builder request =
                InvokeEndpointRequest.builder()
                        .endpointName(route.endpoint())
                        .contentType(route.format().contentType())
                        .accept(route.format().contentType())
                        .body(SdkBytes.fromByteArrayUnsafe(body));
        if (route.targetModel() != null) {
            request.targetModel(route.targetModel());
        }
        if (route.targetVariant() != null) {
            request.targetVariant(route.targetVariant());
        }
        if (route.inferenceComponent() != null) {
            request.inferenceComponentName(route.inferenceComponent());
        }
        if (customAttributes != null) {
            request.customAttributes(customAttributes);
        }
        CompletableFuture<InvocationResponse> result = new CompletableFuture<>();
        CompletableFuture<
                        software.amazon.awssdk.services.sagemakerruntime.model
                                .InvokeEndpointResponse>
                call;
        try {
            call = client.invokeEndpoint(request.build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete(
                (response, error) -> {
                    if (error == null) {
                        result.complete(
                                new InvocationResponse(
                                        response.body().asByteArrayUnsafe(),
                                        response.invokedProductionVariant(),
                                        response.customAttributes()));
                    } else {
                        result.completeExceptionally(classify(route, error));
                    }
                });
        return result;
    }

    /** Maps an SDK failure to an {@link InferenceException}. */
    static InferenceException classify(ModelRoute route, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String where = route.endpoint() + ": ";
        if (t instanceof ModelErrorException) {
            return new InferenceException(Kind.MODEL_ERROR, where + t.getMessage(), t);
        }
        if (t instanceof ValidationErrorException) {
            return new InferenceException(Kind.VALIDATION, where + t.getMessage(), t);
        }
        if (t instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) t;
            if (s.isThrottlingException() || s.statusCode() == 429) {
                return new InferenceException(Kind.THROTTLED, where + t.getMessage(), t);
            }
            if (s.statusCode() >= 500) {
                return new InferenceException(Kind.SERVER_ERROR, where + t.getMessage(), t);
            }
            return new InferenceException(Kind.VALIDATION, where + t.getMessage(), t);
        }
        if (t instanceof SdkClientException) {
            return new InferenceException(Kind.CONNECTION, where + t.getMessage(), t);
        }
        return new InferenceException(Kind.CONNECTION, where + t, t);
    }

    /**
     * Releases the HTTP client. The SDK's Netty shutdown waits about 2 s for its quiet period, so
     * it runs on a daemon thread of its own: a stopping or failing-over task does not wait for it.
     */
    @Override
    public void close() {
        Thread closer = new Thread(client::close, "flowcast-sagemaker-client-close");
        closer.setDaemon(true);
        closer.start();
    }
}
