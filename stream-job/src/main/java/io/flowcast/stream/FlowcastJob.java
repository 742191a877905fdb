package io.flowcast.stream;

import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.enrich.JdbcAssetContextClient;
import io.flowcast.stream.sink.DeadLetterSinkFactory;
import io.flowcast.stream.source.KinesisSourceFactory;
import java.nio.file.Paths;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Entry point on Amazon Managed Service for Apache Flink. Reads the runtime properties (or, with
 * {@code --config <file>}, a local JSON file of the same shape), then wires the production source
 * and sinks into {@link FlowcastPipeline}. Checkpointing and parallelism come from the service.
 */
public final class FlowcastJob {

    private FlowcastJob() {}

    public static void main(String[] args) throws Exception {
        PropertyGroups groups =
                args.length == 2 && args[0].equals("--config")
                        ? PropertyGroups.fromJsonFile(Paths.get(args[1]))
                        : PropertyGroups.fromManagedFlinkRuntime();
        JobConfig config = JobConfig.from(groups);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        pipeline(config).build(env);
        env.execute("Flowcast");
    }

    /** The production wiring of {@code config}; the local run uses the same. */
    public static FlowcastPipeline pipeline(JobConfig config) {
        return FlowcastPipeline.builder()
                .parseConfig(config.parse())
                .windowConfig(config.windows())
                .source(KinesisSourceFactory.create(config.source()))
                .enrichConfig(config.enrichment())
                .assetContextClients(JdbcAssetContextClient.factory(config.aurora()))
                .inferenceConfig(config.inference())
                .inferenceClients(config.inferenceClients())
                // Predictions feed the Snowflake and S3 sinks next; until those exist they are
                // counted by the inference operator and end here.
                .predictionSink(new DiscardingSink<>())
                .deadLetterSink(DeadLetterSinkFactory.create(config.deadLetters()))
                .build();
    }
}
