package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.inference.BatchingInvoker;
import io.flowcast.stream.inference.InferenceClient;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.inference.InferenceException;
import io.flowcast.stream.inference.InferenceFunction;
import io.flowcast.stream.inference.InferenceResult;
import io.flowcast.stream.inference.InvocationResponse;
import io.flowcast.stream.inference.ModelRoute;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.window.FeatureVector;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The baseline of {@link InferenceBenchmark}: one {@code InvokeEndpoint} call per feature vector,
 * the pattern of the AWS Managed Flink SageMaker samples (a {@link RichAsyncFunction} that creates
 * the async SDK client in {@code open} and calls {@code invokeEndpoint} for each element), done
 * right: the result future is completed in the SDK's callback, never with a blocking {@code
 * future.get()}.
 *
 * <p>For a fair comparison it differs from {@link InferenceFunction} only in batching: the same
 * {@link InferenceClientFactory} (the production {@code SageMakerInferenceClient} over {@code
 * SageMakerRuntimeAsyncClient} with the same Netty connection pool and timeouts), the same route
 * and CSV payload encoding, the same {@link Prediction} (id, residual, anomaly score from the same
 * baselines), the same {@link InferenceResult} for the same downstream outcome function. No retries
 * (the production client has the SDK's off, and the samples do not add their own): a failed call
 * becomes a failed result, i.e. a dead letter downstream. {@link #timeout} is overridden the same
 * way as {@link InferenceFunction#timeout}.
 */
final class PerRecordInferenceFunction
        extends RichAsyncFunction<EnrichedFeatureVector, InferenceResult> {
    private static final long serialVersionUID = 1L;

    private final InferenceConfig config;
    private final InferenceClientFactory clients;

    private transient InferenceClient client;

    PerRecordInferenceFunction(InferenceConfig config, InferenceClientFactory clients) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public void open(OpenContext openContext) {
        client = Objects.requireNonNull(clients.create(), "client factory returned null");
    }

    @Override
    public void asyncInvoke(
            EnrichedFeatureVector input, ResultFuture<InferenceResult> resultFuture) {
        FeatureVector v = input.vector;
        ModelRoute route = config.router().route(v.assetType, input.asset);
        byte[] body = route.format().encode(List.of(row(v)));
        long start = System.nanoTime();
        client.invoke(route, body, config.batch().customAttributes())
                .whenComplete(
                        (response, error) -> {
                            InferenceResult result;
                            try {
                                result =
                                        error == null
                                                ? success(input, route, response, start)
                                                : failure(input, error);
                            } catch (RuntimeException e) {
                                result = failure(input, e);
                            }
                            resultFuture.complete(Collections.singletonList(result));
                        });
    }

    @Override
    public void timeout(EnrichedFeatureVector input, ResultFuture<InferenceResult> resultFuture) {
        InferenceResult r = new InferenceResult();
        r.failure = InferenceFunction.TIMEOUT;
        r.failureDetail = "no prediction within " + config.asyncTimeout().toMillis() + " ms";
        r.input = input;
        resultFuture.complete(Collections.singletonList(r));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    private InferenceResult success(
            EnrichedFeatureVector input,
            ModelRoute route,
            InvocationResponse response,
            long start) {
        double score = route.format().decode(response.body(), 1)[0];
        String version = response.attribute(BatchingInvoker.MODEL_VERSION_ATTRIBUTE);
        FeatureVector v = input.vector;
        Prediction p = new Prediction();
        p.assetId = v.assetId;
        p.assetType = v.assetType;
        p.site = input.asset == null ? null : input.asset.site;
        p.line = input.asset == null ? null : input.asset.line;
        p.windowStart = v.windowStart;
        p.windowEnd = v.windowEnd;
        p.target = v.targetSignal + "." + v.targetStatistic;
        p.predicted = score;
        p.actual = v.targetActual;
        p.endpoint = route.endpoint();
        p.variant = response.invokedVariant();
        p.modelVersion = version;
        p.latencyMs = (System.nanoTime() - start) / 1e6;
        p.attempts = 1;
        p.enrichment = input.enrichment == null ? null : input.enrichment.name();
        p.predictionId = Prediction.idOf(v.assetId, v.windowEnd, route.endpoint(), version);
        if (p.actual != null) {
            p.residual = p.actual - p.predicted;
            OptionalDouble std = config.baselines().residualStd(v.assetType, version);
            if (std.isPresent() && std.getAsDouble() > 0) {
                p.anomalyScore = Math.abs(p.residual) / std.getAsDouble();
                p.anomaly = p.anomalyScore > config.anomalyThreshold();
            }
        }
        InferenceResult r = new InferenceResult();
        r.prediction = p;
        return r;
    }

    private static InferenceResult failure(EnrichedFeatureVector input, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        InferenceResult r = new InferenceResult();
        r.failure =
                t instanceof InferenceException
                        ? ((InferenceException) t).kind().name()
                        : InferenceException.Kind.CONNECTION.name();
        r.failureDetail = String.valueOf(t.getMessage());
        r.input = input;
        return r;
    }

    /** The model's input row: the features in spec order, NaN for missing ones. */
    private static double[] row(FeatureVector vector) {
        double[] row = new double[vector.features.length];
        for (int i = 0; i < row.length; i++) {
            Double f = vector.features[i];
            row[i] = f == null ? Double.NaN : f;
        }
        return row;
    }
}
