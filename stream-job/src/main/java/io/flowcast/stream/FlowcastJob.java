package io.flowcast.stream;

import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.enrich.JdbcAssetContextClient;
import io.flowcast.stream.retrain.RetrainTriggerSink;
import io.flowcast.stream.sink.firehose.FirehoseSinks;
import io.flowcast.stream.sink.lake.LakeSinks;
import io.flowcast.stream.sink.warehouse.WarehouseSinks;
import io.flowcast.stream.source.KinesisSourceFactory;
import java.nio.file.Paths;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point on Amazon Managed Service for Apache Flink. Reads the runtime properties (or, with
 * {@code --config <file>}, a local JSON file of the same shape), then wires the production source
 * and sinks into {@link FlowcastPipeline}. Checkpointing and parallelism come from the service.
 */
public final class FlowcastJob {

    /** Sink ids: part of the sink operators' uids, never change one once released. */
    static final String SINK_LAKE = "lake";

    static final String SINK_WAREHOUSE = "warehouse";
    static final String SINK_FIREHOSE = "firehose";
    static final String SINK_RETRAIN = "retrain-trigger";

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
        return pipelineBuilder(config).build();
    }

    /**
     * The production wiring of {@code config}, before {@code build()}: tests add sinks to it.
     *
     * <ul>
     *   <li>predictions: the warehouse (Snowflake, or PostgreSQL locally; idempotent MERGE), the
     *       lake ({@code predictions/}) and, when enabled, Firehose;
     *   <li>feature vectors with their actual target values: the lake ({@code features/}), the
     *       retraining dataset;
     *   <li>dead letters of every stage: the lake ({@code dead-letters/}) and the warehouse;
     *   <li>drift events (unless {@code Drift/enabled=false}): the lake ({@code drift-events/}),
     *       the warehouse ({@code DRIFT_EVENTS}) and, when {@code Retrain/enabled}, the Step
     *       Functions retraining trigger (one subtask: its per-model cooldown lives there).
     * </ul>
     */
    public static FlowcastPipeline.Builder pipelineBuilder(JobConfig config) {
        FlowcastPipeline.Builder pipeline =
                FlowcastPipeline.builder()
                        .parseConfig(config.parse())
                        .windowConfig(config.windows())
                        .source(KinesisSourceFactory.create(config.source()))
                        .enrichConfig(config.enrichment())
                        .assetContextClients(JdbcAssetContextClient.factory(config.aurora()))
                        .inferenceConfig(config.inference())
                        .inferenceClients(config.inferenceClients())
                        .predictionSink(SINK_LAKE, LakeSinks.predictions(config.lake()))
                        .featureVectorSink(SINK_LAKE, LakeSinks.features(config.lake()))
                        .deadLetterSink(SINK_LAKE, LakeSinks.deadLetters(config.lake()));
        if (config.warehouse().enabled()) {
            pipeline.predictionSink(SINK_WAREHOUSE, WarehouseSinks.predictions(config.warehouse()))
                    .deadLetterSink(SINK_WAREHOUSE, WarehouseSinks.deadLetters(config.warehouse()));
        }
        config.drift()
                .ifPresent(
                        drift -> {
                            pipeline.driftConfig(drift)
                                    .driftBaselines(config.driftBaselines())
                                    .driftEventSink(
                                            SINK_LAKE, LakeSinks.driftEvents(config.lake()));
                            if (config.warehouse().enabled()) {
                                pipeline.driftEventSink(
                                        SINK_WAREHOUSE,
                                        WarehouseSinks.driftEvents(config.warehouse()));
                            }
                            config.retrain()
                                    .ifPresent(
                                            retrain ->
                                                    pipeline.singleDriftEventSink(
                                                            SINK_RETRAIN,
                                                            RetrainTriggerSink.create(retrain)));
                        });
        config.firehose()
                .ifPresent(
                        firehose ->
                                pipeline.predictionSink(
                                        SINK_FIREHOSE, FirehoseSinks.predictions(firehose)));
        return pipeline;
    }
}
