package io.flowcast.stream.retrain;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * The real {@link ExecutionStarter}: one synchronous {@link SfnClient} (Apache HTTP client chosen
 * explicitly, credentials from the default provider chain) with the SDK's own retries switched off,
 * so {@link RetrainTrigger}'s retry policy is the only one and its attempts are counted.
 * Thread-safe; close it to release the connection pool.
 */
public final class SfnExecutionStarter implements ExecutionStarter {

    private final SfnClient client;

    /** A starter for the config's region, endpoint override and call timeout. */
    public SfnExecutionStarter(RetrainTriggerConfig config) {
        SfnClientBuilder builder =
                SfnClient.builder()
                        .region(Region.of(config.region()))
                        .credentialsProvider(DefaultCredentialsProvider.builder().build())
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .connectionTimeout(config.callTimeout())
                                        .socketTimeout(config.callTimeout()))
                        .overrideConfiguration(
                                c ->
                                        c.apiCallTimeout(config.callTimeout())
                                                .retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        this.client = builder.build();
    }

    @Override
    public String start(String stateMachineArn, String executionName, String input)
            throws StartExecutionException {
        try {
            return client.startExecution(
                            r ->
                                    r.stateMachineArn(stateMachineArn)
                                            .name(executionName)
                                            .input(input))
                    .executionArn();
        } catch (AwsServiceException e) {
            String code =
                    e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                            ? e.awsErrorDetails().errorCode()
                            : "";
            String message =
                    e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
            throw new StartExecutionException(code, e.statusCode(), String.valueOf(message));
        } catch (SdkException e) {
            // No response: connection refused, timeout. The SDK's message names the endpoint
            // and the cause, never the credentials.
            throw new StartExecutionException(
                    StartExecutionException.TRANSPORT_ERROR, 0, e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
