package io.flowcast.stream.inference;

import io.flowcast.stream.inference.InferenceException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * An in-memory endpoint for {@link BatchingInvoker} tests: scores each CSV row as the sum of its
 * features (NaN counted as 0), records every call, and fails calls as scripted: a queue of failures
 * for the next calls, or a model error for any batch holding a "poisoned" row.
 */
final class FakeEndpoint implements InferenceClient {
    final List<List<double[]>> calls = new ArrayList<>();
    final List<Kind> scriptedFailures = new ArrayList<>();
    Predicate<double[]> poisoned = row -> false;
    boolean alwaysFail;
    Kind alwaysFailKind = Kind.SERVER_ERROR;
    boolean closed;

    /** The answer's custom attributes; null: none (as the SageMaker built-in containers). */
    volatile String customAttributes = "model-version=v0007";

    @Override
    public synchronized CompletableFuture<InvocationResponse> invoke(
            ModelRoute route, byte[] body, String customAttributes) {
        List<double[]> rows = parse(body);
        calls.add(rows);
        if (alwaysFail) {
            return CompletableFuture.failedFuture(new InferenceException(alwaysFailKind, "down"));
        }
        if (!scriptedFailures.isEmpty()) {
            Kind kind = scriptedFailures.remove(0);
            return CompletableFuture.failedFuture(new InferenceException(kind, "scripted " + kind));
        }
        for (double[] row : rows) {
            if (poisoned.test(row)) {
                return CompletableFuture.failedFuture(
                        new InferenceException(Kind.MODEL_ERROR, "model rejected a row"));
            }
        }
        StringBuilder out = new StringBuilder();
        for (double[] row : rows) {
            out.append(score(row)).append('\n');
        }
        return CompletableFuture.completedFuture(
                new InvocationResponse(
                        out.toString().getBytes(StandardCharsets.UTF_8),
                        "AllTraffic",
                        this.customAttributes));
    }

    static double score(double[] row) {
        double sum = 0;
        for (double v : row) {
            sum += Double.isNaN(v) ? 0 : v;
        }
        return sum;
    }

    synchronized int callCount() {
        return calls.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    private static List<double[]> parse(byte[] body) {
        List<double[]> rows = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(",", -1);
            double[] row = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                row[i] = parts[i].isEmpty() ? Double.NaN : Double.parseDouble(parts[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
