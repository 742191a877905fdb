package io.flowcast.stream.bench;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.inference.Prediction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The sinks of {@link InferenceBenchmark}: they keep nothing themselves and report every prediction
 * and dead letter to the job's {@link InferBenchRun}.
 */
final class InferBenchSinks {

    private InferBenchSinks() {}

    /** Records each {@link Prediction} under its input's index. */
    static final class PredictionSink implements Sink<Prediction> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        PredictionSink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<Prediction> createWriter(WriterInitContext context) {
            return new PredictionWriter(InferBenchRun.get(runId));
        }

        /** Flink 1.20 still declares this variant abstract. */
        @Deprecated
        public SinkWriter<Prediction> createWriter(InitContext context) {
            return new PredictionWriter(InferBenchRun.get(runId));
        }
    }

    /** Counts {@link DeadLetter}s by reason. */
    static final class DeadLetterSink implements Sink<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        DeadLetterSink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
            return new DeadLetterWriter(InferBenchRun.get(runId));
        }

        /** Flink 1.20 still declares this variant abstract. */
        @Deprecated
        public SinkWriter<DeadLetter> createWriter(InitContext context) {
            return new DeadLetterWriter(InferBenchRun.get(runId));
        }
    }

    private static final class PredictionWriter implements SinkWriter<Prediction> {
        private final InferBenchRun run;

        PredictionWriter(InferBenchRun run) {
            this.run = run;
        }

        @Override
        public void write(Prediction p, Context context) {
            run.predicted(p);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }

    private static final class DeadLetterWriter implements SinkWriter<DeadLetter> {
        private final InferBenchRun run;

        DeadLetterWriter(InferBenchRun run) {
            this.run = run;
        }

        @Override
        public void write(DeadLetter letter, Context context) {
            run.deadLetter(letter);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
