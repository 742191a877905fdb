package io.flowcast.stream.config;

import io.flowcast.stream.inference.BatchConfig;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.inference.InferenceRouter;
import io.flowcast.stream.inference.PayloadFormat;
import io.flowcast.stream.inference.RegistryBaselines;
import io.flowcast.stream.inference.SageMakerInferenceClient;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Options of the {@value #GROUP} property group: which SageMaker endpoint scores which asset type,
 * how calls are batched and retried, and what counts as an anomaly.
 */
public final class InferenceOptions {

    public static final String GROUP = "Inference";

    private static final BatchConfig BATCH = BatchConfig.defaults();

    public static final ConfigOption<String> REGION =
            ConfigOption.builder(GROUP, "aws.region")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required("Region of the SageMaker endpoints, e.g. eu-west-1.");

    public static final ConfigOption<URI> ENDPOINT_OVERRIDE =
            ConfigOption.builder(GROUP, "aws.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional(
                            "SageMaker runtime endpoint override: the local model server"
                                    + " (http://127.0.0.1:8085) or a VPC endpoint.");

    public static final ConfigOption<String> ENDPOINT_PATTERN =
            ConfigOption.builder(GROUP, "endpoint.pattern")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .defaultValue(
                            "flowcast-" + InferenceRouter.TYPE_PLACEHOLDER,
                            "Endpoint of an asset type; {assetType} is replaced. The asset"
                                    + " register's model_endpoint wins for its asset.");

    public static final ConfigOption<LinkedHashMap<String, String>> ENDPOINTS =
            ConfigOption.builder(GROUP, "endpoints")
                    .type(OptionTypes.KEY_VALUE_PAIRS)
                    .optional(
                            "Endpoints of some types, e.g. pump=pump-model-v3 (win over the pattern).");

    public static final ConfigOption<String> TARGET_MODEL =
            ConfigOption.builder(GROUP, "target.model")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("TargetModel for multi-model endpoints, e.g. {assetType}.tar.gz.");

    public static final ConfigOption<String> TARGET_VARIANT =
            ConfigOption.builder(GROUP, "target.variant")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "TargetVariant for every call (the register's model_variant wins);"
                                    + " default: the endpoint's traffic split.");

    public static final ConfigOption<String> INFERENCE_COMPONENT =
            ConfigOption.builder(GROUP, "inference.component")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("InferenceComponentName, for endpoints with inference components.");

    public static final ConfigOption<PayloadFormat> CONTENT_TYPE =
            ConfigOption.builder(GROUP, "content.type")
                    .type(OptionTypes.enumType(PayloadFormat.class))
                    .defaultValue(
                            PayloadFormat.CSV,
                            "CSV (text/csv, SageMaker built-in XGBoost) or JSON (application/json,"
                                    + " custom containers).");

    public static final ConfigOption<String> CUSTOM_ATTRIBUTES =
            ConfigOption.builder(GROUP, "custom.attributes")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("CustomAttributes header sent with every call.");

    public static final ConfigOption<Integer> BATCH_MAX_ROWS =
            ConfigOption.builder(GROUP, "batch.max.rows")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(BATCH.maxRows(), "Rows per InvokeEndpoint call at most.");

    public static final ConfigOption<Duration> BATCH_LINGER =
            ConfigOption.builder(GROUP, "batch.linger")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            BATCH.linger(),
                            "A batch goes out this long after its first row at the latest.");

    public static final ConfigOption<Integer> BATCH_MAX_BYTES =
            ConfigOption.builder(GROUP, "batch.max.bytes")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            BATCH.maxPayloadBytes(),
                            "Request body size at most (SageMaker's limit is 6mb).");

    public static final ConfigOption<Integer> RETRY_MAX_ATTEMPTS =
            ConfigOption.builder(GROUP, "retry.max.attempts")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            BATCH.maxAttempts(),
                            "Calls per row on throttling, 5xx and connection errors (model"
                                    + " errors are never retried).");

    public static final ConfigOption<Duration> RETRY_BACKOFF_BASE =
            ConfigOption.builder(GROUP, "retry.backoff.base")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            BATCH.backoffBase(),
                            "First retry waits up to this (full jitter), doubling each time.");

    public static final ConfigOption<Duration> RETRY_BACKOFF_CAP =
            ConfigOption.builder(GROUP, "retry.backoff.cap")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(BATCH.backoffCap(), "Longest wait between retries.");

    public static final ConfigOption<Duration> DEADLINE =
            ConfigOption.builder(GROUP, "deadline")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            BATCH.deadline(),
                            "A row not scored within this (retries included) becomes an"
                                    + " INFERENCE_FAILED dead letter.");

    public static final ConfigOption<Integer> CIRCUIT_FAILURES =
            ConfigOption.builder(GROUP, "circuit.failure.threshold")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            BATCH.circuitFailureThreshold(),
                            "Consecutive failed calls that open an endpoint's circuit.");

    public static final ConfigOption<Duration> CIRCUIT_OPEN =
            ConfigOption.builder(GROUP, "circuit.open")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            BATCH.circuitOpen(),
                            "An open circuit fails rows at once this long, then tries one call.");

    public static final ConfigOption<Duration> ASYNC_TIMEOUT =
            ConfigOption.builder(GROUP, "async.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            Duration.ofSeconds(30),
                            "Async I/O timeout per row (an INFERENCE_TIMEOUT dead letter, never a"
                                    + " restart); must exceed deadline + batch.linger.");

    public static final ConfigOption<Integer> ASYNC_CAPACITY =
            ConfigOption.builder(GROUP, "async.capacity")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            1_000,
                            "Rows in flight per subtask (at least batch.max.rows) before"
                                    + " backpressure.");

    public static final ConfigOption<Double> ANOMALY_THRESHOLD =
            ConfigOption.builder(GROUP, "anomaly.threshold")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            3.0,
                            "A residual beyond this many baseline residual spreads flags an"
                                    + " anomaly.");

    public static final ConfigOption<String> MODEL_REGISTRY =
            ConfigOption.builder(GROUP, "model.registry")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required(
                            "Model registry holding each model's baseline"
                                    + " (<type>/<version>/metadata.json): s3://bucket/prefix on"
                                    + " AWS, a directory locally.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    REGION,
                    ENDPOINT_OVERRIDE,
                    ENDPOINT_PATTERN,
                    ENDPOINTS,
                    TARGET_MODEL,
                    TARGET_VARIANT,
                    INFERENCE_COMPONENT,
                    CONTENT_TYPE,
                    CUSTOM_ATTRIBUTES,
                    BATCH_MAX_ROWS,
                    BATCH_LINGER,
                    BATCH_MAX_BYTES,
                    RETRY_MAX_ATTEMPTS,
                    RETRY_BACKOFF_BASE,
                    RETRY_BACKOFF_CAP,
                    DEADLINE,
                    CIRCUIT_FAILURES,
                    CIRCUIT_OPEN,
                    ASYNC_TIMEOUT,
                    ASYNC_CAPACITY,
                    ANOMALY_THRESHOLD,
                    MODEL_REGISTRY);

    private InferenceOptions() {}

    /** Reads the group; contradictions fail naming the group. */
    public static InferenceConfig read(PropertyGroups groups) {
        try {
            InferenceRouter router =
                    new InferenceRouter(
                            groups.get(ENDPOINT_PATTERN),
                            groups.find(ENDPOINTS).orElse(new LinkedHashMap<>()),
                            groups.find(TARGET_MODEL).orElse(null),
                            groups.find(TARGET_VARIANT).orElse(null),
                            groups.find(INFERENCE_COMPONENT).orElse(null),
                            groups.get(CONTENT_TYPE));
            BatchConfig batch =
                    new BatchConfig(
                            groups.get(BATCH_MAX_ROWS),
                            groups.get(BATCH_LINGER),
                            groups.get(BATCH_MAX_BYTES),
                            groups.get(RETRY_MAX_ATTEMPTS),
                            groups.get(RETRY_BACKOFF_BASE),
                            groups.get(RETRY_BACKOFF_CAP),
                            groups.get(DEADLINE),
                            groups.get(CIRCUIT_FAILURES),
                            groups.get(CIRCUIT_OPEN),
                            groups.find(CUSTOM_ATTRIBUTES).orElse(null));
            return new InferenceConfig(
                    router,
                    batch,
                    groups.get(ASYNC_TIMEOUT),
                    groups.get(ASYNC_CAPACITY),
                    groups.get(ANOMALY_THRESHOLD),
                    new RegistryBaselines(registryUri(groups.get(MODEL_REGISTRY))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }

    /** The production client of the group: SageMaker runtime in its region (or the override). */
    public static InferenceClientFactory clients(PropertyGroups groups) {
        try {
            return SageMakerInferenceClient.factory(
                    groups.get(REGION),
                    groups.find(ENDPOINT_OVERRIDE).orElse(null),
                    64,
                    groups.get(DEADLINE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }

    /** A URI as is; a plain path as an absolute file URI. */
    static URI registryUri(String location) {
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return URI.create(location);
        }
        return Paths.get(location).toAbsolutePath().toUri();
    }
}
