package io.flowcast.stream.inference;

import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.inference.BatchingInvoker.Scored;
import io.flowcast.stream.inference.InferenceException.Kind;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.metrics.SynchronizedHistogram;
import io.flowcast.stream.window.FeatureVector;
import java.util.Collections;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Scores each enriched feature vector with the SageMaker endpoint that serves its asset, through
 * Flink async I/O: a thin adapter over {@link BatchingInvoker} (micro-batching, retries, splitting,
 * circuit breaker) and an {@link InferenceClient} created in {@link #open}.
 *
 * <p><b>Out:</b> exactly one {@link InferenceResult} per input: a {@link Prediction} (predicted
 * value, actual target, residual, anomaly score against the model's baseline residual spread), or
 * the failure kind and detail ({@code MODEL_ERROR}, {@code CIRCUIT_OPEN}, ..., or {@code TIMEOUT}
 * from {@link #timeout}, which is overridden: a slow endpoint never restarts the job). Failures
 * become dead letters downstream ({@link InferenceOutcomeFunction}).
 *
 * <p><b>Threads:</b> {@code asyncInvoke} only appends to a batch; calls, retries and the linger run
 * on the client's threads and one scheduler thread per subtask.
 *
 * <p><b>Metrics</b> (in {@link FlowcastMetrics#group}, but {@code lastPrediction} on the operator's
 * group): counters {@code predictions}, {@code anomalies}, {@code inferenceCalls}, {@code
 * inferenceRetries}, {@code inferenceThrottles}, {@code inferenceSplits}, {@code
 * inferenceFailedRows}, {@code inferenceTimeouts}; histograms {@code inferenceCallLatencyMicros}
 * and {@code inferenceBatchRows}; gauges {@code inferenceOpenCircuits} and {@code lastPrediction}.
 */
public class InferenceFunction extends RichAsyncFunction<EnrichedFeatureVector, InferenceResult> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_PREDICTIONS = "predictions";
    public static final String METRIC_ANOMALIES = "anomalies";
    public static final String METRIC_CALLS = "inferenceCalls";
    public static final String METRIC_RETRIES = "inferenceRetries";
    public static final String METRIC_THROTTLES = "inferenceThrottles";
    public static final String METRIC_SPLITS = "inferenceSplits";
    public static final String METRIC_FAILED_ROWS = "inferenceFailedRows";
    public static final String METRIC_TIMEOUTS = "inferenceTimeouts";
    public static final String METRIC_CALL_LATENCY = "inferenceCallLatencyMicros";
    public static final String METRIC_BATCH_ROWS = "inferenceBatchRows";
    public static final String METRIC_OPEN_CIRCUITS = "inferenceOpenCircuits";
    public static final String METRIC_LAST_PREDICTION = "lastPrediction";

    /** The failure kind of a row that outlived the async timeout. */
    public static final String TIMEOUT = "TIMEOUT";

    private final InferenceConfig config;
    private final InferenceClientFactory clients;

    private transient ScheduledExecutorService scheduler;
    private transient BatchingInvoker invoker;
    private transient Counter predictions;
    private transient Counter anomalies;
    private transient Counter timeouts;
    private transient volatile Prediction lastPrediction;

    public InferenceFunction(InferenceConfig config, InferenceClientFactory clients) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = FlowcastMetrics.group(getRuntimeContext().getMetricGroup());
        predictions = metrics.counter(METRIC_PREDICTIONS, new ThreadSafeSimpleCounter());
        anomalies = metrics.counter(METRIC_ANOMALIES, new ThreadSafeSimpleCounter());
        timeouts = metrics.counter(METRIC_TIMEOUTS, new ThreadSafeSimpleCounter());
        Counter calls = metrics.counter(METRIC_CALLS, new ThreadSafeSimpleCounter());
        Counter retries = metrics.counter(METRIC_RETRIES, new ThreadSafeSimpleCounter());
        Counter throttles = metrics.counter(METRIC_THROTTLES, new ThreadSafeSimpleCounter());
        Counter splits = metrics.counter(METRIC_SPLITS, new ThreadSafeSimpleCounter());
        Counter failedRows = metrics.counter(METRIC_FAILED_ROWS, new ThreadSafeSimpleCounter());
        Histogram latency =
                metrics.histogram(METRIC_CALL_LATENCY, SynchronizedHistogram.ofLast(1_000));
        Histogram batchRows =
                metrics.histogram(METRIC_BATCH_ROWS, SynchronizedHistogram.ofLast(1_000));
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "flowcast-inference-batcher");
                            t.setDaemon(true);
                            return t;
                        });
        invoker =
                new BatchingInvoker(
                        Objects.requireNonNull(clients.create(), "client factory returned null"),
                        config.batch(),
                        Scheduler.of(scheduler),
                        new BatchingInvoker.Listener() {
                            @Override
                            public void onCall(ModelRoute route, int rows) {
                                calls.inc();
                                batchRows.update(rows);
                            }

                            @Override
                            public void onRetry(ModelRoute route, Kind kind) {
                                retries.inc();
                                if (kind == Kind.THROTTLED) {
                                    throttles.inc();
                                }
                            }

                            @Override
                            public void onSplit(ModelRoute route, int rows) {
                                splits.inc();
                            }

                            @Override
                            public void onRowsFailed(ModelRoute route, Kind kind, int rows) {
                                failedRows.inc(rows);
                            }

                            @Override
                            public void onCallLatency(ModelRoute route, long nanos) {
                                latency.update(nanos / 1_000);
                            }
                        },
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        metrics.gauge(METRIC_OPEN_CIRCUITS, (Gauge<Integer>) () -> invoker.openCircuits());
        // A string: CloudWatch takes numbers, so it stays out of the exported group.
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        METRIC_LAST_PREDICTION,
                        (Gauge<String>)
                                () -> {
                                    Prediction p = lastPrediction;
                                    return p == null ? "" : PredictionJson.toJsonString(p);
                                });
    }

    @Override
    public void asyncInvoke(
            EnrichedFeatureVector input, ResultFuture<InferenceResult> resultFuture) {
        FeatureVector vector = input.vector;
        ModelRoute route = config.router().route(vector.assetType, input.asset);
        invoker.submit(route, row(vector))
                .whenComplete(
                        (scored, error) -> {
                            InferenceResult result;
                            try {
                                result =
                                        error == null
                                                ? InferenceResult.of(
                                                        prediction(input, route, scored))
                                                : failed(input, error);
                            } catch (RuntimeException e) {
                                result =
                                        InferenceResult.failed(
                                                Kind.BAD_RESPONSE.name(), e.toString(), input);
                            }
                            resultFuture.complete(Collections.singletonList(result));
                        });
    }

    @Override
    public void timeout(EnrichedFeatureVector input, ResultFuture<InferenceResult> resultFuture) {
        timeouts.inc();
        resultFuture.complete(
                Collections.singletonList(
                        InferenceResult.failed(
                                TIMEOUT,
                                "no prediction within "
                                        + config.asyncTimeout().toMillis()
                                        + " ms (Inference/async.timeout)",
                                input)));
    }

    @Override
    public void close() {
        if (invoker != null) {
            invoker.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The model's input row: the features in spec order, NaN for missing ones. */
    static double[] row(FeatureVector vector) {
        double[] row = new double[vector.features.length];
        for (int i = 0; i < row.length; i++) {
            Double f = vector.features[i];
            row[i] = f == null ? Double.NaN : f;
        }
        return row;
    }

    /**
     * The prediction of a scored row. Its {@code modelVersion} is the version the endpoint names in
     * its answer's {@value BatchingInvoker#MODEL_VERSION_ATTRIBUTE} custom attribute (the local
     * model server does); without one (the SageMaker built-in containers on AWS) it is the
     * registry's newest version of the asset type ({@link BaselineSource#latestVersion}), since a
     * version is registered only once its endpoint serves it. The id, the anomaly score's baseline
     * and, downstream, the drift detector's key all use that version; it is null only when the
     * registry has no version either.
     */
    private Prediction prediction(EnrichedFeatureVector input, ModelRoute route, Scored s) {
        FeatureVector v = input.vector;
        String version =
                s.modelVersion != null
                        ? s.modelVersion
                        : config.baselines().latestVersion(v.assetType);
        Prediction p = new Prediction();
        p.assetId = v.assetId;
        p.assetType = v.assetType;
        p.site = input.asset == null ? null : input.asset.site;
        p.line = input.asset == null ? null : input.asset.line;
        p.windowStart = v.windowStart;
        p.windowEnd = v.windowEnd;
        p.target = v.targetSignal + "." + v.targetStatistic;
        p.predicted = s.score;
        p.actual = v.targetActual;
        p.endpoint = route.endpoint();
        p.variant = s.variant;
        p.modelVersion = version;
        p.latencyMs = s.latencyNanos / 1e6;
        p.attempts = s.attempts;
        p.enrichment = input.enrichment == null ? null : input.enrichment.name();
        p.featureNames = v.featureNames;
        p.features = v.features;
        p.predictionId = Prediction.idOf(v.assetId, v.windowEnd, route.endpoint(), version);
        if (p.actual != null) {
            p.residual = p.actual - p.predicted;
            OptionalDouble std = config.baselines().residualStd(v.assetType, version);
            if (std.isPresent() && std.getAsDouble() > 0) {
                p.anomalyScore = Math.abs(p.residual) / std.getAsDouble();
                p.anomaly = p.anomalyScore > config.anomalyThreshold();
            }
        }
        predictions.inc();
        if (p.anomaly) {
            anomalies.inc();
        }
        lastPrediction = p;
        return p;
    }

    private static InferenceResult failed(EnrichedFeatureVector input, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String kind =
                t instanceof InferenceException
                        ? ((InferenceException) t).kind().name()
                        : Kind.CONNECTION.name();
        return InferenceResult.failed(kind, String.valueOf(t.getMessage()), input);
    }
}
