package io.flowcast.stream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.parse.ParseTelemetryFunction;
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
 * Reads the parse operator's counters (summed over subtasks) through the Flink REST API, the same
 * API the Web UI uses, so the local run shows what an operator would see in the UI.
 */
final class FlinkRestMetrics {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String jobId;

    private String parseVertexId;
    private Map<String, String> metricIds;

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
        JsonNode job = get("/jobs/" + jobId);
        String state = job.path("state").asText("UNKNOWN");
        if (parseVertexId == null) {
            for (JsonNode vertex : job.path("vertices")) {
                if (vertex.path("name").asText().contains(FlowcastPipeline.NAME_PARSE)) {
                    parseVertexId = vertex.path("id").asText();
                }
            }
            if (parseVertexId == null) {
                return new JobProgress(state, 0, 0, 0, Map.of());
            }
        }
        String metricsPath = "/jobs/" + jobId + "/vertices/" + parseVertexId + "/subtasks/metrics";
        if (metricIds == null) {
            // Ids carry the operator's name as a prefix; map our metric names to the full ids.
            Map<String, String> ids = new HashMap<>();
            for (JsonNode metric : get(metricsPath)) {
                String id = metric.path("id").asText();
                int dot = id.lastIndexOf('.');
                String name = dot < 0 ? id : id.substring(dot + 1);
                if (name.equals(ParseTelemetryFunction.METRIC_RECORDS)
                        || name.equals(ParseTelemetryFunction.METRIC_SAMPLES)
                        || name.startsWith(ParseTelemetryFunction.METRIC_DEAD_LETTERS)) {
                    ids.put(name, id);
                }
            }
            if (!ids.containsKey(ParseTelemetryFunction.METRIC_RECORDS)) {
                return new JobProgress(state, 0, 0, 0, Map.of()); // not reported yet
            }
            metricIds = ids;
        }
        List<String> wanted = new ArrayList<>(metricIds.values());
        JsonNode values = get(metricsPath + "?agg=sum&get=" + String.join(",", wanted));
        Map<String, Long> byName = new HashMap<>();
        for (JsonNode value : values) {
            String id = value.path("id").asText();
            metricIds.forEach(
                    (name, fullId) -> {
                        if (fullId.equals(id)) {
                            byName.put(name, (long) value.path("sum").asDouble());
                        }
                    });
        }
        Map<String, Long> reasons = new HashMap<>();
        byName.forEach(
                (name, count) -> {
                    if (name.startsWith(ParseTelemetryFunction.METRIC_DEAD_LETTERS_PREFIX)) {
                        reasons.put(
                                name.substring(
                                        ParseTelemetryFunction.METRIC_DEAD_LETTERS_PREFIX.length()),
                                count);
                    }
                });
        return new JobProgress(
                state,
                byName.getOrDefault(ParseTelemetryFunction.METRIC_RECORDS, 0L),
                byName.getOrDefault(ParseTelemetryFunction.METRIC_SAMPLES, 0L),
                byName.getOrDefault(ParseTelemetryFunction.METRIC_DEAD_LETTERS, 0L),
                reasons);
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
