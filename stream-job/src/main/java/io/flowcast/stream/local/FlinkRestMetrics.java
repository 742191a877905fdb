package io.flowcast.stream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.enrich.AssetEnrichmentFunction;
import io.flowcast.stream.inference.InferenceFunction;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.parse.ParseTelemetryFunction;
import io.flowcast.stream.window.FeatureVectorFunction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the job's own counters through the Flink REST API, the same API the Web UI uses, so the
 * local run shows what an operator would see in the UI: records, samples, feature vectors and dead
 * letters by reason (summed over subtasks and stages) and the newest feature vector.
 *
 * <p>The counters are the job's own, in {@link FlowcastMetrics#group}: their REST ids are {@code
 * <operator name>.kinesisanalytics.<metric>}. The JSON preview gauges are on the operator's group:
 * {@code <operator name>.<gauge>}.
 */
final class FlinkRestMetrics {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String jobId;
    private final Map<String, String> vertexIdByName = new HashMap<>();

    /** Per vertex, the ids of our counters; listed once, when the vertex first reports them. */
    private final Map<String, List<String>> counterIdsByVertex = new HashMap<>();

    /** Metric ids are listed again every this many polls. */
    private static final int RELIST_EVERY_POLLS = 6;

    private int polls;

    /** Ids of the per-subtask newest-vector gauges, listed once. */
    /** Per gauge name, the metric ids of its subtasks; listed once. */
    private final Map<String, String> gaugeIds = new HashMap<>();

    FlinkRestMetrics(URI base, String jobId) {
        this.base = base;
        this.jobId = jobId;
    }

    /** True when the REST API (and so the Web UI) answers. */
    boolean webUiAnswers() {
        try {
            return get("/config").has("flink-version");
        } catch (IOException e) {
            return false;
        }
    }

    JobProgress poll() throws IOException {
        if (++polls % RELIST_EVERY_POLLS == 0) {
            // Operators register their metrics as they open; list again now and then so late
            // ones are not missed for the rest of the run.
            counterIdsByVertex.clear();
            gaugeIds.clear();
        }
        JsonNode job = get("/jobs/" + jobId);
        String state = job.path("state").asText("UNKNOWN");
        for (JsonNode vertex : job.path("vertices")) {
            vertexIdByName.putIfAbsent(vertex.path("name").asText(), vertex.path("id").asText());
        }
        Map<String, Long> counters = new HashMap<>();
        for (String vertex : vertexIdByName.values()) {
            sums(vertex).forEach((name, count) -> counters.merge(name, count, Long::sum));
        }
        Map<String, Long> reasons = new HashMap<>();
        counters.forEach(
                (name, count) -> {
                    if (name.startsWith(DeadLetterMetrics.BY_REASON_PREFIX)) {
                        reasons.put(
                                name.substring(DeadLetterMetrics.BY_REASON_PREFIX.length()), count);
                    }
                });
        return new JobProgress(
                state,
                counters.getOrDefault(ParseTelemetryFunction.METRIC_RECORDS, 0L),
                counters.getOrDefault(ParseTelemetryFunction.METRIC_SAMPLES, 0L),
                counters.getOrDefault(DeadLetterMetrics.TOTAL, 0L),
                reasons,
                counters.getOrDefault(FeatureVectorFunction.METRIC_VECTORS, 0L),
                newestGauge(
                        FlowcastPipeline.NAME_FEATURE_WINDOWS,
                        FeatureVectorFunction.METRIC_LAST_VECTOR),
                enrichment(counters),
                counters.getOrDefault(AssetEnrichmentFunction.METRIC_LOOKUPS, 0L),
                newestGauge(
                        FlowcastPipeline.NAME_ENRICHMENT,
                        AssetEnrichmentFunction.METRIC_LAST_ENRICHED),
                counters.getOrDefault(InferenceFunction.METRIC_PREDICTIONS, 0L),
                counters.getOrDefault(InferenceFunction.METRIC_ANOMALIES, 0L),
                newestGauge(
                        FlowcastPipeline.NAME_INFERENCE, InferenceFunction.METRIC_LAST_PREDICTION));
    }

    private static Map<String, Long> enrichment(Map<String, Long> counters) {
        Map<String, Long> byStatus = new HashMap<>();
        for (String name : JobProgress.ENRICHMENT_COUNTERS) {
            Long count = counters.get(name);
            if (count != null) {
                byStatus.put(name, count);
            }
        }
        return byStatus;
    }

    /** Our counters in the vertex {@code vertex}, summed over subtasks and chained operators. */
    private Map<String, Long> sums(String vertex) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        String path = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
        List<String> wanted = counterIdsByVertex.get(vertex);
        if (wanted == null) {
            wanted = batches(counterIds(path), MAX_IDS_PER_REQUEST);
            if (wanted.isEmpty()) {
                return byName; // not reported yet
            }
            counterIdsByVertex.put(vertex, wanted);
        }
        for (String batch : wanted) {
            for (JsonNode value : get(path + "?agg=sum&get=" + batch)) {
                String name = flowcastMetricName(value.path("id").asText());
                if (name != null) {
                    byName.merge(name, (long) value.path("sum").asDouble(), Long::sum);
                }
            }
        }
        return byName;
    }

    /**
     * Characters of metric ids per request: the REST server refuses a request line longer than 4096
     * bytes, and a chained vertex has dozens of dead-letter counters.
     */
    static final int MAX_IDS_PER_REQUEST = 2_000;

    /** Comma-separated runs of {@code ids}, each at most {@code maxChars} long (or one id). */
    static List<String> batches(List<String> ids, int maxChars) {
        List<String> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (String id : ids) {
            if (batch.length() > 0 && batch.length() + 1 + id.length() > maxChars) {
                batches.add(batch.toString());
                batch.setLength(0);
            }
            batch.append(batch.length() == 0 ? "" : ",").append(id);
        }
        if (batch.length() > 0) {
            batches.add(batch.toString());
        }
        return batches;
    }

    /** The ids of our counters among the vertex's metrics. */
    private List<String> counterIds(String path) throws IOException {
        List<String> wanted = new ArrayList<>();
        for (JsonNode metric : get(path)) {
            String id = metric.path("id").asText();
            String name = flowcastMetricName(id);
            if (name == null) {
                continue; // Flink's own metrics, or one of a nested group (the warehouse sinks')
            }
            if (name.equals(ParseTelemetryFunction.METRIC_RECORDS)
                    || name.equals(ParseTelemetryFunction.METRIC_SAMPLES)
                    || name.startsWith(DeadLetterMetrics.TOTAL)
                    || name.equals(FeatureVectorFunction.METRIC_VECTORS)
                    || name.equals(AssetEnrichmentFunction.METRIC_LOOKUPS)
                    || name.equals(InferenceFunction.METRIC_PREDICTIONS)
                    || name.equals(InferenceFunction.METRIC_ANOMALIES)
                    || JobProgress.ENRICHMENT_COUNTERS.contains(name)) {
                wanted.add(id);
            }
        }
        return wanted;
    }

    /**
     * The metric name in a REST metric id {@code <operator name>.kinesisanalytics.<metric>}; null
     * for an id of any other form (Flink's own metrics, metrics of groups nested deeper).
     */
    static String flowcastMetricName(String id) {
        String group = "." + FlowcastMetrics.GROUP + ".";
        int at = id.lastIndexOf(group);
        if (at <= 0) {
            return null;
        }
        String name = id.substring(at + group.length());
        return name.isEmpty() || name.indexOf('.') >= 0 ? null : name;
    }

    /** The newest value of a JSON gauge of {@code operator}, from any subtask; empty if none. */
    private String newestGauge(String operator, String gauge) throws IOException {
        String vertex = vertexId(operator);
        if (vertex == null) {
            return "";
        }
        String path = "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
        String ids = gaugeIds.get(gauge);
        if (ids == null) {
            StringBuilder wanted = new StringBuilder();
            for (JsonNode metric : get(path)) {
                String id = metric.path("id").asText();
                if (id.endsWith("." + gauge)) {
                    wanted.append(wanted.length() == 0 ? "" : ",").append(id);
                }
            }
            if (wanted.length() == 0) {
                return "";
            }
            ids = wanted.toString();
            gaugeIds.put(gauge, ids);
        }
        for (JsonNode value : get(path + "?get=" + ids)) {
            String text = value.path("value").asText("");
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "";
    }

    private String vertexId(String operator) {
        for (Map.Entry<String, String> vertex : vertexIdByName.entrySet()) {
            if (vertex.getKey().contains(operator)) {
                return vertex.getValue();
            }
        }
        return null;
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode());
            }
            return json.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
