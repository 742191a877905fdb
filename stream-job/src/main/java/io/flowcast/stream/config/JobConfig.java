package io.flowcast.stream.config;

import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.RegistryDriftBaselines;
import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.enrich.EnrichConfig;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.sink.firehose.FirehoseConfig;
import io.flowcast.stream.sink.lake.LakeConfig;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.source.KinesisSourceConfig;
import io.flowcast.stream.window.WindowConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole job configuration, typed and immutable, read once at start-up from the property groups.
 * Each operator is handed only its own small config ({@link ParseConfig}, ...), never this object
 * or the raw groups.
 *
 * <p>Reading fails with a {@link ConfigException} naming the group and key when a required key is
 * missing, a value is malformed, values contradict each other, or a group or key is unknown.
 */
public final class JobConfig {

    private final KinesisSourceConfig source;
    private final ParseConfig parse;
    private final WindowConfig windows;
    private final AuroraConnectionConfig aurora;
    private final EnrichConfig enrichment;
    private final InferenceConfig inference;
    private final InferenceClientFactory inferenceClients;
    private final URI inferenceEndpointOverride;
    private final String inferenceRegistry;
    private final WarehouseConfig warehouse;
    private final LakeConfig lake;
    private final FirehoseConfig firehose;
    private final DriftConfig drift;
    private final RetrainTriggerConfig retrain;

    private JobConfig(
            KinesisSourceConfig source,
            ParseConfig parse,
            WindowConfig windows,
            AuroraConnectionConfig aurora,
            EnrichConfig enrichment,
            InferenceConfig inference,
            InferenceClientFactory inferenceClients,
            URI inferenceEndpointOverride,
            String inferenceRegistry,
            WarehouseConfig warehouse,
            LakeConfig lake,
            FirehoseConfig firehose,
            DriftConfig drift,
            RetrainTriggerConfig retrain) {
        this.source = source;
        this.parse = parse;
        this.windows = windows;
        this.aurora = aurora;
        this.enrichment = enrichment;
        this.inference = inference;
        this.inferenceClients = inferenceClients;
        this.inferenceEndpointOverride = inferenceEndpointOverride;
        this.inferenceRegistry = inferenceRegistry;
        this.warehouse = warehouse;
        this.lake = lake;
        this.firehose = firehose;
        this.drift = drift;
        this.retrain = retrain;
    }

    /** Every option the job reads, in README order. */
    public static List<ConfigOption<?>> allOptions() {
        List<ConfigOption<?>> all = new ArrayList<>();
        all.addAll(KinesisSourceOptions.ALL);
        all.addAll(ParseOptions.ALL);
        all.addAll(WindowOptions.ALL);
        all.addAll(AuroraOptions.ALL);
        all.addAll(EnrichmentOptions.ALL);
        all.addAll(InferenceOptions.ALL);
        all.addAll(DeadLetterOptions.ALL);
        all.addAll(WarehouseOptions.ALL);
        all.addAll(LakeOptions.ALL);
        all.addAll(FirehoseOptions.ALL);
        all.addAll(DriftOptions.ALL);
        all.addAll(RetrainOptions.ALL);
        return Collections.unmodifiableList(all);
    }

    /** Reads and validates the configuration. */
    public static JobConfig from(PropertyGroups groups) {
        groups.checkNoUnknownKeys(
                allOptions(),
                Map.of(KinesisSourceOptions.GROUP, KinesisSourceOptions.PASS_THROUGH_PREFIXES));
        KinesisSourceConfig source = KinesisSourceOptions.read(groups);
        ParseConfig parse =
                ParseOptions.read(groups, groups.get(DeadLetterOptions.PAYLOAD_MAX_BYTES));
        WindowConfig windows = WindowOptions.read(groups);
        AuroraConnectionConfig aurora = AuroraOptions.read(groups);
        EnrichConfig enrichment = EnrichmentOptions.read(groups);
        InferenceConfig inference = InferenceOptions.read(groups);
        InferenceClientFactory inferenceClients = InferenceOptions.clients(groups);
        WarehouseConfig warehouse = WarehouseOptions.read(groups);
        LakeConfig lake = LakeOptions.read(groups);
        FirehoseConfig firehose = FirehoseOptions.read(groups).orElse(null);
        DriftConfig drift = DriftOptions.readIfEnabled(groups).orElse(null);
        RetrainTriggerConfig retrain = RetrainOptions.read(groups).orElse(null);
        if (retrain != null && drift == null) {
            throw new ConfigException(
                    "Property group '"
                            + RetrainOptions.GROUP
                            + "': enabled=true needs drift detection, but "
                            + DriftOptions.GROUP
                            + "/enabled is false: nothing would start a retraining run");
        }
        return new JobConfig(
                source,
                parse,
                windows,
                aurora,
                enrichment,
                inference,
                inferenceClients,
                groups.find(InferenceOptions.ENDPOINT_OVERRIDE).orElse(null),
                groups.get(InferenceOptions.MODEL_REGISTRY),
                warehouse,
                lake,
                firehose,
                drift,
                retrain);
    }

    public KinesisSourceConfig source() {
        return source;
    }

    public ParseConfig parse() {
        return parse;
    }

    public WindowConfig windows() {
        return windows;
    }

    /** Where the asset register is. */
    public AuroraConnectionConfig aurora() {
        return aurora;
    }

    /** How windows are enriched from it. */
    public EnrichConfig enrichment() {
        return enrichment;
    }

    /** How windows are scored. */
    public InferenceConfig inference() {
        return inference;
    }

    /** The SageMaker runtime client of the {@code Inference} group. */
    public InferenceClientFactory inferenceClients() {
        return inferenceClients;
    }

    /** {@code Inference/aws.endpoint}, if set (the local model server in the local run). */
    public Optional<URI> inferenceEndpointOverride() {
        return Optional.ofNullable(inferenceEndpointOverride);
    }

    /** {@code Inference/model.registry} as configured. */
    public String inferenceRegistry() {
        return inferenceRegistry;
    }

    /** Where predictions and dead letters are upserted for analysts (or disabled). */
    public WarehouseConfig warehouse() {
        return warehouse;
    }

    /** The Parquet data lake: predictions, feature vectors with actuals, dead letters. */
    public LakeConfig lake() {
        return lake;
    }

    /** The optional Firehose delivery of predictions; empty when disabled. */
    public Optional<FirehoseConfig> firehose() {
        return Optional.ofNullable(firehose);
    }

    /** The drift stage's thresholds; empty when {@code Drift/enabled=false}. */
    public Optional<DriftConfig> drift() {
        return Optional.ofNullable(drift);
    }

    /**
     * Where each model version's drift baseline is read: beside the model in {@code
     * Inference/model.registry}.
     */
    public RegistryDriftBaselines driftBaselines() {
        return new RegistryDriftBaselines(
                InferenceOptions.registryUri(inferenceRegistry).toString());
    }

    /** The Step Functions retraining trigger; empty when {@code Retrain/enabled=false}. */
    public Optional<RetrainTriggerConfig> retrain() {
        return Optional.ofNullable(retrain);
    }
}
