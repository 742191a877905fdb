package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.window.FeatureVector;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The sinks of {@link EnrichmentBenchmark}: they keep nothing and report every window to the job's
 * {@link EnrichBenchRun} (its round, its enrichment status, whether the attached context is the
 * vector's own asset), which also times the rounds.
 */
final class EnrichBenchSinks {

    private EnrichBenchSinks() {}

    /** For the enrichment jobs: counts {@link EnrichedFeatureVector}s by round and status. */
    static final class EnrichedSink implements Sink<EnrichedFeatureVector> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        EnrichedSink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<EnrichedFeatureVector> createWriter(WriterInitContext context) {
            return new EnrichedWriter(EnrichBenchRun.get(runId));
        }

        /** Flink 1.20 still declares this variant abstract. */
        @Deprecated
        public SinkWriter<EnrichedFeatureVector> createWriter(InitContext context) {
            return new EnrichedWriter(EnrichBenchRun.get(runId));
        }
    }

    /**
     * For the pass-through job (no enrichment operator): counts {@link FeatureVector}s by round.
     */
    static final class VectorSink implements Sink<FeatureVector> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        VectorSink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<FeatureVector> createWriter(WriterInitContext context) {
            return new VectorWriter(EnrichBenchRun.get(runId));
        }

        /** Flink 1.20 still declares this variant abstract. */
        @Deprecated
        public SinkWriter<FeatureVector> createWriter(InitContext context) {
            return new VectorWriter(EnrichBenchRun.get(runId));
        }
    }

    private static final class EnrichedWriter implements SinkWriter<EnrichedFeatureVector> {
        private final EnrichBenchRun run;

        EnrichedWriter(EnrichBenchRun run) {
            this.run = run;
        }

        @Override
        public void write(EnrichedFeatureVector e, Context context) {
            boolean matches = e.asset != null && e.vector.assetId.equals(e.asset.assetId);
            run.delivered(e.vector.windowStart, e.enrichment, matches);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }

    private static final class VectorWriter implements SinkWriter<FeatureVector> {
        private final EnrichBenchRun run;

        VectorWriter(EnrichBenchRun run) {
            this.run = run;
        }

        @Override
        public void write(FeatureVector v, Context context) {
            run.delivered(v.windowStart, null, true);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
