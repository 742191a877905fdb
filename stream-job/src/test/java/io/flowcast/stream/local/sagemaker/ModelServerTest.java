package io.flowcast.stream.local.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The model server against the real AWS SDK v2 async client and real XGBoost: predictions equal
 * XGBoost4J's own, the SDK maps the response headers and the error responses to its typed
 * exceptions, new versions are served without restart, and concurrent calls are answered.
 */
class ModelServerTest {

    private static final String ENDPOINT = ModelServer.endpointName(TinyModels.ASSET_TYPE);

    private static Booster first;
    private static Booster second;

    @TempDir static Path registryRoot;
    private static ModelRegistryWriter writer;
    private static ModelServer server;
    private static SageMakerRuntimeAsyncClient client;
    private static SageMakerRuntimeAsyncClient noRetries;

    @BeforeAll
    static void trainModelsAndStartServer() throws Exception {
        first = TinyModels.train(0, 30);
        second = TinyModels.train(100, 30);
        writer = new ModelRegistryWriter(registryRoot);
        writer.registerNext(TinyModels.metadata(TinyModels.ASSET_TYPE), first.toByteArray("ubj"));
        server = ModelServer.builder(registryRoot).pollInterval(Duration.ofMillis(100)).start();
        // One server and one pair of clients for the class: closing a Netty client takes ~2 s.
        client = client(true);
        noRetries = client(false);
    }

    @AfterAll
    static void stopServer() {
        client.close();
        noRetries.close();
        server.close();
        first.dispose();
        second.dispose();
    }

    @AfterEach
    void resetFaults() {
        server.faults().reset();
    }

    private static SageMakerRuntimeAsyncClient client(boolean retries) {
        return SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("fake-key", "fake-secret")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
                .overrideConfiguration(
                        c -> {
                            if (!retries) {
                                c.retryStrategy(AwsRetryStrategy.doNotRetry());
                            }
                        })
                .build();
    }

    @Test
    void csvPredictionsEqualXgboostsOwn() throws Exception {
        float[] rows = TinyModels.rows(50, 11);
        EndpointStats.Snapshot before = server.stats(ENDPOINT);

        InvokeEndpointResponse response = invoke(client, csv(rows), "text/csv");

        assertThat(response.contentType()).isEqualTo("text/csv");
        assertThat(parseCsv(response.body().asUtf8String()))
                .containsExactly(TinyModels.predict(first, rows));
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
        assertThat(response.customAttributes()).isEqualTo("model-version=v0001");
        assertThat(server.stats(ENDPOINT).requests() - before.requests()).isEqualTo(1);
        assertThat(server.stats(ENDPOINT).rows() - before.rows()).isEqualTo(50);
    }

    @Test
    void jsonPredictionsEqualXgboostsOwn() throws Exception {
        float[] rows = TinyModels.rows(20, 12);
        StringBuilder json = new StringBuilder("{\"instances\":[");
        for (int r = 0; r < 20; r++) {
            json.append(r == 0 ? "" : ",").append("{\"features\":[");
            for (int c = 0; c < 3; c++) {
                float v = rows[r * 3 + c];
                json.append(c == 0 ? "" : ",").append(Float.isNaN(v) ? "null" : Float.toString(v));
            }
            json.append("]}");
        }
        json.append("]}");

        InvokeEndpointResponse response = invoke(client, json.toString(), "application/json");

        assertThat(response.contentType()).isEqualTo("application/json");
        float[] expected = TinyModels.predict(first, rows);
        StringBuilder want = new StringBuilder("{\"predictions\":[");
        for (int i = 0; i < expected.length; i++) {
            want.append(i == 0 ? "" : ",").append("{\"score\":").append(expected[i]).append('}');
        }
        assertThat(response.body().asUtf8String()).isEqualTo(want.append("]}").toString());
    }

    @Test
    void emptyFieldsAreMissingValuesNotZeros() throws Exception {
        float[] missing = {Float.NaN, 3f, Float.NaN};
        float[] zeros = {0f, 3f, 0f};

        float[] answer = parseCsv(invoke(client, ",3,\n", "text/csv").body().asUtf8String());

        assertThat(answer).containsExactly(TinyModels.predict(first, missing));
        assertThat(TinyModels.predict(first, missing))
                .as("the model tells missing from zero, so the test can tell too")
                .isNotEqualTo(TinyModels.predict(first, zeros));
    }

    @Test
    void customAttributesAreEchoedAfterTheVersionAndAcceptIsHonoured() throws Exception {
        InvokeEndpointResponse response =
                client.invokeEndpoint(
                                InvokeEndpointRequest.builder()
                                        .endpointName(ENDPOINT)
                                        .contentType("text/csv")
                                        .accept("application/json")
                                        .customAttributes("trace=abc")
                                        .targetVariant("AllTraffic")
                                        .body(SdkBytes.fromUtf8String("1,2,3"))
                                        .build())
                        .get(10, TimeUnit.SECONDS);

        assertThat(response.customAttributes()).isEqualTo("model-version=v0001,trace=abc");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.body().asUtf8String()).startsWith("{\"predictions\":[{\"score\":");
    }

    @Test
    void malformedInputIsAModelError() {
        long before = server.stats(ENDPOINT).errors("ModelError");
        assertThatThrownBy(() -> invoke(client, "1,2\n", "text/csv"))
                .hasCauseInstanceOf(ModelErrorException.class)
                .cause()
                .satisfies(
                        e -> {
                            ModelErrorException error = (ModelErrorException) e;
                            assertThat(error.statusCode()).isEqualTo(424);
                            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ModelError");
                            assertThat(error.originalStatusCode()).isEqualTo(400);
                            assertThat(error.originalMessage())
                                    .isEqualTo(
                                            "row 1 has 2 columns but the model expects 3 features");
                            assertThat(error.logStreamArn())
                                    .endsWith("log-group:/aws/sagemaker/Endpoints/" + ENDPOINT);
                            assertThat(error.getMessage())
                                    .contains("Received client error (400) from primary");
                        });
        assertThatThrownBy(() -> invoke(client, "1,x,3\n", "text/csv"))
                .hasCauseInstanceOf(ModelErrorException.class);
        assertThat(server.stats(ENDPOINT).errors("ModelError") - before).isEqualTo(2);
    }

    @Test
    void unknownEndpointVariantAndModelAreValidationErrors() {
        assertThatThrownBy(() -> invoke(client, "flowcast-turbine", "1,2,3", "text/csv"))
                .hasCauseInstanceOf(ValidationErrorException.class)
                .hasMessageContaining(
                        "Endpoint flowcast-turbine of account 000000000000 not found.");
        assertThatThrownBy(
                        () ->
                                client.invokeEndpoint(
                                                r ->
                                                        r.endpointName(ENDPOINT)
                                                                .contentType("text/csv")
                                                                .targetVariant("Canary")
                                                                .body(
                                                                        SdkBytes.fromUtf8String(
                                                                                "1,2,3")))
                                        .join())
                .hasCauseInstanceOf(ValidationErrorException.class)
                .hasMessageContaining("Variant Canary not found");
        assertThatThrownBy(
                        () ->
                                client.invokeEndpoint(
                                                r ->
                                                        r.endpointName(ENDPOINT)
                                                                .contentType("text/csv")
                                                                .targetModel("v0009")
                                                                .body(
                                                                        SdkBytes.fromUtf8String(
                                                                                "1,2,3")))
                                        .join())
                .hasCauseInstanceOf(ValidationErrorException.class);
        assertThat(server.stats("flowcast-turbine").errors("ValidationError")).isEqualTo(1);
    }

    @Test
    void payloadOverSixMegabytesIsRejected() {
        String row = "1.2345678,2.3456789,3.4567891\n";
        String body = row.repeat(ModelServer.MAX_PAYLOAD_BYTES / row.length() + 1);

        assertThatThrownBy(() -> invoke(noRetries, body, "text/csv"))
                .hasCauseInstanceOf(ValidationErrorException.class)
                .cause()
                .satisfies(
                        e ->
                                assertThat(((ValidationErrorException) e).statusCode())
                                        .isEqualTo(413));
    }

    @Test
    void throttlingKnobGivesTheSdksThrottlingErrorAndTheSdkRetriesIt() {
        long before = server.stats(ENDPOINT).requests();
        server.faults().setThrottleRate(1.0);

        assertThatThrownBy(() -> invoke(noRetries, "1,2,3", "text/csv"))
                .hasCauseInstanceOf(SageMakerRuntimeException.class)
                .cause()
                .satisfies(
                        e -> {
                            SageMakerRuntimeException error = (SageMakerRuntimeException) e;
                            assertThat(error.isThrottlingException()).isTrue();
                            assertThat(error.statusCode()).isEqualTo(400);
                            assertThat(error.awsErrorDetails().errorCode())
                                    .isEqualTo("ThrottlingException");
                        });
        assertThat(server.stats(ENDPOINT).requests() - before).isEqualTo(1);

        assertThatThrownBy(() -> invoke(client, "1,2,3", "text/csv"))
                .hasCauseInstanceOf(SageMakerRuntimeException.class);
        assertThat(server.stats(ENDPOINT).requests() - before)
                .as("the SDK retried the throttled call (4 attempts with the default strategy)")
                .isEqualTo(1 + 4);
    }

    @Test
    void unavailableAndModelErrorKnobs() throws Exception {
        EndpointStats.Snapshot before = server.stats(ENDPOINT);
        server.faults().setUnavailableRate(1.0);
        assertThatThrownBy(() -> invoke(noRetries, "1,2,3", "text/csv"))
                .hasCauseInstanceOf(ServiceUnavailableException.class);

        server.faults().reset().setModelErrorRate(1.0);
        assertThatThrownBy(() -> invoke(noRetries, "1,2,3", "text/csv"))
                .cause()
                .isInstanceOfSatisfying(
                        ModelErrorException.class,
                        e -> assertThat(e.originalStatusCode()).isEqualTo(500));

        server.faults().reset().setLatency(Duration.ofMillis(200));
        long start = System.nanoTime();
        invoke(client, "1,2,3", "text/csv");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);

        EndpointStats.Snapshot after = server.stats(ENDPOINT);
        assertThat(after.errors("ServiceUnavailable") - before.errors("ServiceUnavailable"))
                .isEqualTo(1);
        assertThat(after.errors("ModelError") - before.errors("ModelError")).isEqualTo(1);
    }

    @Test
    void faultDrawsAreReproducibleForASeed() {
        FaultKnobs a = new FaultKnobs(7).setThrottleRate(0.3).setModelErrorRate(0.2);
        FaultKnobs b = new FaultKnobs(7).setThrottleRate(0.3).setModelErrorRate(0.2);
        List<FaultKnobs.Fault> drawsA = new ArrayList<>();
        List<FaultKnobs.Fault> drawsB = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            drawsA.add(a.draw());
            drawsB.add(b.draw());
        }

        assertThat(drawsA).isEqualTo(drawsB);
        assertThat(drawsA.stream().filter(f -> f == FaultKnobs.Fault.THROTTLE).count())
                .isBetween(250L, 350L);
        assertThatThrownBy(() -> a.setUnavailableRate(0.6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewVersionIsServedWithoutRestart() throws Exception {
        String fan = ModelServer.endpointName("fan");
        writer.registerNext(TinyModels.metadata("fan"), first.toByteArray("ubj"));
        float[] rows = TinyModels.rows(10, 13);
        assertThat(invoke(client, fan, csv(rows), "text/csv").customAttributes())
                .as("an endpoint registered after start answers at once")
                .isEqualTo("model-version=v0001");

        writer.registerNext(TinyModels.metadata("fan"), second.toByteArray("ubj"));
        InvokeEndpointResponse response = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            response = invoke(client, fan, csv(rows), "text/csv");
            if (response.customAttributes().equals("model-version=v0002")) {
                break;
            }
            Thread.sleep(50);
        }

        assertThat(response.customAttributes()).isEqualTo("model-version=v0002");
        assertThat(parseCsv(response.body().asUtf8String()))
                .containsExactly(TinyModels.predict(second, rows));
        assertThat(server.servedVersion("fan")).contains("v0002");
        // The previous version stays reachable by name.
        InvokeEndpointResponse pinned =
                client.invokeEndpoint(
                                r ->
                                        r.endpointName(fan)
                                                .contentType("text/csv")
                                                .targetModel("v0001/model.tar.gz")
                                                .body(SdkBytes.fromUtf8String(csv(rows))))
                        .get(10, TimeUnit.SECONDS);
        assertThat(pinned.customAttributes()).isEqualTo("model-version=v0001");
        assertThat(parseCsv(pinned.body().asUtf8String()))
                .containsExactly(TinyModels.predict(first, rows));
    }

    @Test
    void aBrokenNewVersionLeavesTheOldOneServing() throws Exception {
        String compressor = ModelServer.endpointName("compressor");
        writer.registerNext(TinyModels.metadata("compressor"), first.toByteArray("ubj"));
        writer.registerNext(
                TinyModels.metadata("compressor"), "garbage".getBytes(StandardCharsets.UTF_8));
        server.refresh();

        assertThat(server.loadErrors()).containsKey("compressor/v0002");
        assertThat(invoke(client, compressor, "1,2,3", "text/csv").customAttributes())
                .isEqualTo("model-version=v0001");
    }

    @Test
    void concurrentRequestsAreAllAnsweredCorrectly() throws Exception {
        EndpointStats.Snapshot before = server.stats(ENDPOINT);
        List<CompletableFuture<InvokeEndpointResponse>> calls = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            float[] rows = TinyModels.rows(25, 100 + i);
            inputs.add(rows);
            calls.add(
                    client.invokeEndpoint(
                            r ->
                                    r.endpointName(ENDPOINT)
                                            .contentType("text/csv")
                                            .body(SdkBytes.fromUtf8String(csv(rows)))));
        }

        for (int i = 0; i < calls.size(); i++) {
            InvokeEndpointResponse response = calls.get(i).get(30, TimeUnit.SECONDS);
            assertThat(parseCsv(response.body().asUtf8String()))
                    .containsExactly(TinyModels.predict(first, inputs.get(i)));
        }
        assertThat(server.stats(ENDPOINT).requests() - before.requests()).isEqualTo(64);
        assertThat(server.stats(ENDPOINT).rows() - before.rows()).isEqualTo(64 * 25);
    }

    private static InvokeEndpointResponse invoke(
            SageMakerRuntimeAsyncClient client, String body, String contentType) {
        return invoke(client, ENDPOINT, body, contentType);
    }

    private static InvokeEndpointResponse invoke(
            SageMakerRuntimeAsyncClient client, String endpoint, String body, String contentType) {
        return client.invokeEndpoint(
                        r ->
                                r.endpointName(endpoint)
                                        .contentType(contentType)
                                        .body(SdkBytes.fromUtf8String(body)))
                .join();
    }

    public static String csv(float[] rows) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.length / 3; r++) {
            for (int c = 0; c < 3; c++) {
                float v = rows[r * 3 + c];
                out.append(c == 0 ? "" : ",").append(Float.isNaN(v) ? "" : Float.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static float[] parseCsv(String body) {
        String[] lines = body.split("\n");
        float[] out = new float[lines.length];
        for (int i = 0; i < lines.length; i++) {
            out[i] = Float.parseFloat(lines[i]);
        }
        return out;
    }
}
