package io.flowcast.stream.local.sagemaker;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one endpoint of the {@link ModelServer}: invocations received, rows scored
 * successfully, and errors answered by SageMaker error type ({@code ModelError}, {@code
 * ValidationError}, {@code ThrottlingException}, {@code ServiceUnavailable}, ...). Requests for
 * unknown endpoints are counted under the endpoint name they asked for. Live counters are
 * thread-safe; {@link #snapshot()} copies them.
 */
public final class EndpointStats {

    private final String endpointName;
    private final LongAdder requests = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    EndpointStats(String endpointName) {
        this.endpointName = endpointName;
    }

    void request() {
        requests.increment();
    }

    void rows(int count) {
        rows.add(count);
    }

    void error(String errorType) {
        errors.computeIfAbsent(errorType, k -> new LongAdder()).increment();
    }

    /** An immutable copy of the counters now. */
    public Snapshot snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((type, count) -> copy.put(type, count.sum()));
        return new Snapshot(endpointName, requests.sum(), rows.sum(), copy);
    }

    /** Counters of one endpoint at one moment. */
    public static final class Snapshot {
        private final String endpointName;
        private final long requests;
        private final long rows;
        private final Map<String, Long> errors;

        Snapshot(String endpointName, long requests, long rows, Map<String, Long> errors) {
            this.endpointName = endpointName;
            this.requests = requests;
            this.rows = rows;
            this.errors = Collections.unmodifiableMap(errors);
        }

        public String endpointName() {
            return endpointName;
        }

        /** Invocations received, whatever their outcome. */
        public long requests() {
            return requests;
        }

        /** Rows scored in successful invocations. */
        public long rows() {
            return rows;
        }

        /** Error responses by SageMaker error type. */
        public Map<String, Long> errors() {
            return errors;
        }

        /** Error responses of one type (0 if none). */
        public long errors(String errorType) {
            return errors.getOrDefault(errorType, 0L);
        }

        /** All error responses. */
        public long totalErrors() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return endpointName
                    + ": requests "
                    + requests
                    + ", rows "
                    + rows
                    + ", errors "
                    + errors;
        }
    }
}
