package io.flowcast.stream.local;

import io.flowcast.stream.enrich.AssetEnrichmentFunction;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A snapshot of the running job's parse counters, as read from Flink's REST API. */
final class JobProgress {

    static final String METRIC_ENRICHED = AssetEnrichmentFunction.METRIC_ENRICHED;

    /** The enrichment status counters, in the order they are reported. */
    static final List<String> ENRICHMENT_COUNTERS =
            List.of(
                    AssetEnrichmentFunction.METRIC_ENRICHED,
                    AssetEnrichmentFunction.METRIC_STALE,
                    AssetEnrichmentFunction.METRIC_UNENRICHED,
                    AssetEnrichmentFunction.METRIC_UNKNOWN);

    static final JobProgress NONE =
            new JobProgress(
                    "CREATED",
                    0,
                    0,
                    0,
                    Collections.emptyMap(),
                    0,
                    "",
                    Collections.emptyMap(),
                    0,
                    "",
                    0,
                    0,
                    "");

    final String state;
    final long records;
    final long samples;
    final long deadLetters;
    final Map<String, Long> deadLettersByReason;

    /** Feature vectors emitted (one per asset and closed window). */
    final long vectors;

    /** The newest feature vector as JSON; empty before the first window closes. */
    final String lastVector;

    /**
     * Enriched vectors by status counter name ({@code enrichedVectors}, {@code staleVectors}..).
     */
    final Map<String, Long> enrichedByStatus;

    /** Queries issued to the asset register (cache misses). */
    final long assetLookups;

    /** The newest enriched vector as JSON; empty before the first one. */
    final String lastEnriched;

    /** Predictions made, and how many of them flagged an anomaly. */
    final long predictions;

    final long anomalies;

    /** The newest prediction as JSON; empty before the first one. */
    final String lastPrediction;

    JobProgress(
            String state,
            long records,
            long samples,
            long deadLetters,
            Map<String, Long> deadLettersByReason,
            long vectors,
            String lastVector,
            Map<String, Long> enrichedByStatus,
            long assetLookups,
            String lastEnriched,
            long predictions,
            long anomalies,
            String lastPrediction) {
        this.state = state;
        this.records = records;
        this.samples = samples;
        this.deadLetters = deadLetters;
        this.deadLettersByReason = Collections.unmodifiableMap(new TreeMap<>(deadLettersByReason));
        this.vectors = vectors;
        this.lastVector = lastVector;
        this.enrichedByStatus = Collections.unmodifiableMap(new TreeMap<>(enrichedByStatus));
        this.assetLookups = assetLookups;
        this.lastEnriched = lastEnriched;
        this.predictions = predictions;
        this.anomalies = anomalies;
        this.lastPrediction = lastPrediction;
    }

    /** Vectors through the enrichment stage, whatever their status. */
    long enrichedTotal() {
        return enrichedByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Share of enriched vectors answered without a query of their own: 1 - lookups / vectors; NaN
     * before the first vector.
     */
    double cacheHitRatio() {
        long total = enrichedTotal();
        return total == 0 ? Double.NaN : Math.max(0.0, 1.0 - (double) assetLookups / total);
    }

    /**
     * One progress line: job state, totals and rates since the previous snapshot, dead letters by
     * reason (only reasons that occurred), and what the simulator has sent.
     */
    static String line(
            long elapsedSeconds,
            JobProgress now,
            JobProgress previous,
            double secondsSincePrevious,
            long recordsSent) {
        StringBuilder line = new StringBuilder();
        line.append(
                String.format(
                        "[%02d:%02d] %-9s", elapsedSeconds / 60, elapsedSeconds % 60, now.state));
        line.append(
                String.format(
                        " | records read %,d (%,.0f/s)",
                        now.records, rate(now.records, previous.records, secondsSincePrevious)));
        line.append(
                String.format(
                        " | samples %,d (%,.0f/s)",
                        now.samples, rate(now.samples, previous.samples, secondsSincePrevious)));
        line.append(
                String.format(
                        " | windows %,d (%,.1f/s)",
                        now.vectors, rate(now.vectors, previous.vectors, secondsSincePrevious)));
        if (now.enrichedTotal() > 0) {
            line.append(
                    String.format(
                            " | enriched %,d (cache hits %.0f%%)",
                            now.enrichedByStatus.getOrDefault(METRIC_ENRICHED, 0L),
                            100 * now.cacheHitRatio()));
        }
        if (now.predictions > 0) {
            line.append(
                    String.format(
                            " | predictions %,d (anomalies %,d)", now.predictions, now.anomalies));
        }
        line.append(String.format(" | dead letters %,d", now.deadLetters));
        StringBuilder reasons = new StringBuilder();
        now.deadLettersByReason.forEach(
                (reason, count) -> {
                    if (count > 0) {
                        reasons.append(reasons.length() == 0 ? "" : ", ")
                                .append(reason)
                                .append(' ')
                                .append(count);
                    }
                });
        if (reasons.length() > 0) {
            line.append(" (").append(reasons).append(')');
        }
        if (recordsSent >= 0) {
            line.append(String.format(" | sent %,d", recordsSent));
        }
        return line.toString();
    }

    private static double rate(long now, long before, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, now - before) / seconds;
    }
}
