package io.flowcast.stream.enrich;

import io.flowcast.stream.enrich.AsyncLookupCache.Result;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.metrics.SynchronizedHistogram;
import io.flowcast.stream.window.FeatureVector;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Enriches each window's {@link FeatureVector} with its asset's context from the asset register,
 * through Flink async I/O: a thin adapter over an {@link AssetContextClient} (created in {@link
 * #open}, closed in {@link #close}) behind a per-subtask {@link AsyncLookupCache}.
 *
 * <p><b>Out:</b> exactly one {@link EnrichedFeatureVector} per input, always: {@link
 * EnrichmentStatus#ENRICHED} from the register or a fresh cache entry; {@link
 * EnrichmentStatus#STALE} from an expired entry when the register cannot be read; {@link
 * EnrichmentStatus#UNENRICHED} with default context when it cannot be read and nothing usable is
 * cached, or when the lookup outlives the async timeout ({@link #timeout} is overridden: a slow
 * database never fails the job); {@link EnrichmentStatus#UNKNOWN_ASSET} when the register has no
 * (active) row. Routing of the last two to dead letters happens downstream ({@link
 * EnrichmentOutcomeFunction}), since async functions have no side outputs.
 *
 * <p>Never blocks the task thread: the cache answers hits at once and the client runs queries on
 * its own bounded pool. No Flink state: the cache is a per-subtask lookaside, rebuilt after a
 * restart.
 *
 * <p><b>Metrics</b> (in {@link FlowcastMetrics#group}, but {@code lastEnrichedVector} on the
 * operator's group): {@code assetCacheHitRatio}, {@code assetCacheSize}, {@code assetLookups},
 * {@code assetLookupFailures} (gauges over the cache's counts), {@code enrichedVectors}, {@code
 * staleVectors}, {@code unenrichedVectors}, {@code unknownAssetVectors}, {@code enrichmentTimeouts}
 * (counters; thread-safe, since lookups complete on the client's threads), {@code
 * assetLookupLatencyMicros} (histogram of the last 1,000 register queries, cache hits excluded),
 * {@code lastEnrichedVector} (gauge: the newest enriched vector as JSON, for the local run and the
 * UI).
 */
public class AssetEnrichmentFunction
        extends RichAsyncFunction<FeatureVector, EnrichedFeatureVector> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_HIT_RATIO = "assetCacheHitRatio";
    public static final String METRIC_CACHE_SIZE = "assetCacheSize";
    public static final String METRIC_LOOKUPS = "assetLookups";
    public static final String METRIC_LOOKUP_FAILURES = "assetLookupFailures";
    public static final String METRIC_LOOKUP_LATENCY = "assetLookupLatencyMicros";
    public static final String METRIC_ENRICHED = "enrichedVectors";
    public static final String METRIC_STALE = "staleVectors";
    public static final String METRIC_UNENRICHED = "unenrichedVectors";
    public static final String METRIC_UNKNOWN = "unknownAssetVectors";
    public static final String METRIC_TIMEOUTS = "enrichmentTimeouts";
    public static final String METRIC_LAST_ENRICHED = "lastEnrichedVector";

    /**
     * Entries live up to this share longer than the TTL, at random, so a fleet loaded in one burst
     * does not expire (and query the register) in one burst again every TTL.
     */
    public static final double TTL_SPREAD = 0.2;

    private final EnrichConfig config;
    private final AssetContextClientFactory clientFactory;
    private final SerializableSupplier<Long> clock;

    private transient AssetContextClient client;
    private transient AsyncLookupCache<String, AssetContext> cache;
    private transient Counter enriched;
    private transient Counter stale;
    private transient Counter unenriched;
    private transient Counter unknown;
    private transient Counter timeouts;
    private transient Histogram lookupLatency;
    private transient volatile EnrichedFeatureVector lastEnriched;

    public AssetEnrichmentFunction(EnrichConfig config, AssetContextClientFactory clientFactory) {
        this(config, clientFactory, System::currentTimeMillis);
    }

    /** With another clock for the cache's ages (epoch ms); for tests of expiry. */
    AssetEnrichmentFunction(
            EnrichConfig config,
            AssetContextClientFactory clientFactory,
            SerializableSupplier<Long> clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(OpenContext openContext) {
        client = Objects.requireNonNull(clientFactory.create(), "client factory returned null");
        lookupLatency = SynchronizedHistogram.ofLast(1_000);
        cache =
                new AsyncLookupCache<>(
                        this::timedFind,
                        config.cacheTtl(),
                        config.negativeTtl(),
                        config.maxStale(),
                        config.failureBackoff(),
                        config.maxEntries(),
                        TTL_SPREAD,
                        clock::get);
        MetricGroup metrics = FlowcastMetrics.group(getRuntimeContext().getMetricGroup());
        metrics.gauge(METRIC_HIT_RATIO, (Gauge<Double>) () -> cache.stats().hitRatio());
        metrics.gauge(METRIC_CACHE_SIZE, (Gauge<Integer>) () -> cache.size());
        metrics.gauge(METRIC_LOOKUPS, (Gauge<Long>) () -> cache.stats().lookups);
        metrics.gauge(METRIC_LOOKUP_FAILURES, (Gauge<Long>) () -> cache.stats().lookupFailures);
        metrics.histogram(METRIC_LOOKUP_LATENCY, lookupLatency);
        // Incremented from the client's threads and the task thread: SimpleCounter would lose
        // increments (seen in the enrichment benchmark).
        enriched = metrics.counter(METRIC_ENRICHED, new ThreadSafeSimpleCounter());
        stale = metrics.counter(METRIC_STALE, new ThreadSafeSimpleCounter());
        unenriched = metrics.counter(METRIC_UNENRICHED, new ThreadSafeSimpleCounter());
        unknown = metrics.counter(METRIC_UNKNOWN, new ThreadSafeSimpleCounter());
        timeouts = metrics.counter(METRIC_TIMEOUTS, new ThreadSafeSimpleCounter());
        // A string: CloudWatch takes numbers, so it stays out of the exported group.
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        METRIC_LAST_ENRICHED,
                        (Gauge<String>)
                                () -> {
                                    EnrichedFeatureVector last = lastEnriched;
                                    return last == null
                                            ? ""
                                            : EnrichedFeatureVectorJson.toJsonString(last);
                                });
    }

    @Override
    public void asyncInvoke(
            FeatureVector vector, ResultFuture<EnrichedFeatureVector> resultFuture) {
        cache.get(vector.assetId)
                .whenComplete(
                        (result, error) -> {
                            EnrichedFeatureVector out;
                            try {
                                out =
                                        error == null
                                                ? toRecord(vector, result)
                                                : unenriched(vector, "lookup failed: " + error);
                            } catch (RuntimeException e) {
                                out = unenriched(vector, "enrichment failed: " + e);
                            }
                            if (out.enrichment != EnrichmentStatus.UNENRICHED) {
                                lastEnriched = out;
                            }
                            resultFuture.complete(Collections.singletonList(out));
                        });
    }

    @Override
    public void timeout(FeatureVector vector, ResultFuture<EnrichedFeatureVector> resultFuture) {
        timeouts.inc();
        resultFuture.complete(
                Collections.singletonList(
                        unenriched(
                                vector,
                                "lookup did not answer within "
                                        + config.asyncTimeout().toMillis()
                                        + " ms")));
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    /** The cache statistics of this subtask; for tests. */
    AsyncLookupCache.Stats cacheStats() {
        return cache.stats();
    }

    private CompletableFuture<Optional<AssetContext>> timedFind(String assetId) {
        long started = System.nanoTime();
        return client.find(assetId)
                .whenComplete(
                        (value, error) ->
                                lookupLatency.update((System.nanoTime() - started) / 1_000));
    }

    private EnrichedFeatureVector toRecord(FeatureVector vector, Result<AssetContext> result) {
        Optional<AssetContext> context = result.value();
        if (context.isPresent()) {
            AssetContext asset = context.get();
            if (!asset.active && config.inactiveIsUnknown()) {
                unknown.inc();
                return EnrichedFeatureVector.of(
                        vector,
                        EnrichedFeatureVector.defaultsFor(vector),
                        EnrichmentStatus.UNKNOWN_ASSET,
                        "asset is inactive in the asset register",
                        result.ageMillis());
            }
            if (result.source() == AsyncLookupCache.Source.STALE) {
                stale.inc();
                return EnrichedFeatureVector.of(
                        vector,
                        asset,
                        EnrichmentStatus.STALE,
                        "asset register unavailable ("
                                + describe(result.failure().orElse(null))
                                + "); context is "
                                + result.ageMillis()
                                + " ms old",
                        result.ageMillis());
            }
            enriched.inc();
            return EnrichedFeatureVector.of(
                    vector, asset, EnrichmentStatus.ENRICHED, null, result.ageMillis());
        }
        if (result.absent()) {
            unknown.inc();
            return EnrichedFeatureVector.of(
                    vector,
                    EnrichedFeatureVector.defaultsFor(vector),
                    EnrichmentStatus.UNKNOWN_ASSET,
                    "asset not in the asset register",
                    result.ageMillis());
        }
        return unenriched(
                vector, "asset register unavailable: " + describe(result.failure().orElse(null)));
    }

    private EnrichedFeatureVector unenriched(FeatureVector vector, String detail) {
        unenriched.inc();
        return EnrichedFeatureVector.of(
                vector,
                EnrichedFeatureVector.defaultsFor(vector),
                EnrichmentStatus.UNENRICHED,
                detail,
                0);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        return failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage();
    }
}
