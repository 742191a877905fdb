package io.flowcast.stream;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseTelemetryFunction;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the Flowcast dataflow graph. Sources and sinks are arguments: {@link FlowcastJob} passes
 * Kinesis and files, the local run the same against emulators, and tests in-memory ones.
 *
 * <pre>
 *   source (raw Kinesis records)
 *     -> parse + validate ............ samples
 *          \-> dead letters (side output) -> dead-letter sink
 * </pre>
 *
 * <p>Every operator has a stable uid so savepoints survive graph changes.
 */
public final class FlowcastPipeline {

    /** Operator uids; never change one once released (savepoint compatibility). */
    public static final String UID_SOURCE = "kinesis-telemetry-source";

    public static final String UID_PARSE = "parse-telemetry";
    public static final String UID_SAMPLE_SINK = "sample-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";

    /** Operator names as shown in the Flink UI and in metric scopes. */
    public static final String NAME_PARSE = "Parse telemetry";

    private final ParseConfig parseConfig;
    private final Source<RawTelemetryRecord, ?, ?> source;
    private final Sink<TelemetrySample> sampleSink;
    private final Sink<DeadLetter> deadLetterSink;

    public FlowcastPipeline(
            ParseConfig parseConfig,
            Source<RawTelemetryRecord, ?, ?> source,
            Sink<TelemetrySample> sampleSink,
            Sink<DeadLetter> deadLetterSink) {
        this.parseConfig = Objects.requireNonNull(parseConfig, "parseConfig");
        this.source = Objects.requireNonNull(source, "source");
        this.sampleSink = Objects.requireNonNull(sampleSink, "sampleSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<TelemetrySample> samples =
                env.fromSource(
                                source,
                                WatermarkStrategy.noWatermarks(),
                                "Kinesis telemetry",
                                // KinesisStreamsSource (4.3.0) does not expose its produced type.
                                TypeInformation.of(RawTelemetryRecord.class))
                        .uid(UID_SOURCE)
                        .process(new ParseTelemetryFunction(parseConfig))
                        .name(NAME_PARSE)
                        .uid(UID_PARSE);

        samples.sinkTo(sampleSink).name("Samples").uid(UID_SAMPLE_SINK);

        samples.getSideOutput(SideOutputs.DEAD_LETTERS)
                .sinkTo(deadLetterSink)
                .name("Dead letters")
                .uid(UID_DEAD_LETTER_SINK);
    }
}
