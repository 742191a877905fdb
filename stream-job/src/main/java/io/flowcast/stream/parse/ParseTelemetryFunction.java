package io.flowcast.stream.parse;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.source.RawTelemetryRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw Kinesis records into {@link TelemetrySample}s (main output) and {@link DeadLetter}s
 * ({@link SideOutputs#DEAD_LETTERS}); a thin adapter over {@link TelemetryParser}. Stateless; it
 * never throws on content, so bad input cannot restart the job.
 *
 * <p>Metrics (in {@link FlowcastMetrics#group}): {@code recordsRead}, {@code samplesParsed}, and
 * the {@link DeadLetterMetrics} counters.
 */
public class ParseTelemetryFunction extends ProcessFunction<RawTelemetryRecord, TelemetrySample> {
    private static final long serialVersionUID = 1L;

    /** Metric names, read by the local run's progress line. */
    public static final String METRIC_RECORDS = "recordsRead";

    public static final String METRIC_SAMPLES = "samplesParsed";

    private final ParseConfig config;

    private transient TelemetryParser parser;
    private transient Counter records;
    private transient Counter samples;
    private transient DeadLetterMetrics deadLetters;
    private transient Emitter emitter;

    public ParseTelemetryFunction(ParseConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("ParseConfig must not be null");
        }
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new TelemetryParser(config);
        MetricGroup metrics = FlowcastMetrics.group(getRuntimeContext().getMetricGroup());
        records = metrics.counter(METRIC_RECORDS);
        samples = metrics.counter(METRIC_SAMPLES);
        deadLetters = new DeadLetterMetrics(metrics);
        emitter = new Emitter();
    }

    @Override
    public void processElement(
            RawTelemetryRecord record, Context ctx, Collector<TelemetrySample> out) {
        records.inc();
        emitter.ctx = ctx;
        emitter.out = out;
        parser.parse(record, ctx.timerService().currentProcessingTime(), emitter);
        emitter.ctx = null;
        emitter.out = null;
    }

    /** Routes parser results to the main and side outputs, counting them. */
    private final class Emitter implements ParseOutput {
        Context ctx;
        Collector<TelemetrySample> out;

        @Override
        public void sample(TelemetrySample sample) {
            samples.inc();
            out.collect(sample);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            ctx.output(SideOutputs.DEAD_LETTERS, deadLetters.count(deadLetter));
        }
    }
}
