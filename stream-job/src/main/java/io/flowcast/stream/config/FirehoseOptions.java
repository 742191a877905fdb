package io.flowcast.stream.config;

import io.flowcast.stream.sink.firehose.FirehoseConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Options of the {@value #GROUP} property group: the optional Kinesis Data Firehose sink of
 * predictions, off unless {@code enabled=true}. The batching keys are those of {@code
 * flink-connector-aws-kinesis-firehose}'s table options, with its defaults. Credentials are never
 * configured here: the sink uses the default provider chain (the application's IAM role).
 */
public final class FirehoseOptions {

    public static final String GROUP = "Firehose";

    /** Firehose delivery stream names: 1-64 of letters, digits, '_', '.', '-'. */
    private static final Pattern DELIVERY_STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    /** Region ids such as eu-west-1, us-gov-west-1, ap-southeast-2. */
    private static final Pattern REGION_ID = Pattern.compile("[a-z]{2,}(-[a-z]+){1,2}-\\d{1,2}");

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOption.builder(GROUP, "enabled")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            false,
                            "Also send every prediction as a JSON line to a Kinesis Data Firehose"
                                    + " delivery stream (to S3, Snowflake or Redshift).");

    public static final ConfigOption<String> DELIVERY_STREAM =
            ConfigOption.builder(GROUP, "delivery.stream")
                    .type(deliveryStreamType())
                    .optional("Name (not ARN) of the delivery stream. Required when enabled=true.");

    public static final ConfigOption<String> REGION =
            ConfigOption.builder(GROUP, "aws.region")
                    .type(regionType())
                    .optional("AWS region of the delivery stream. Required when enabled=true.");

    public static final ConfigOption<URI> ENDPOINT =
            ConfigOption.builder(GROUP, "aws.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional("Endpoint override; leave unset on AWS (tests point it at a stub).");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOption.builder(GROUP, "sink.batch.max-size")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            FirehoseConfig.Builder.DEFAULT_MAX_BATCH_SIZE,
                            "Records per PutRecordBatch request, at most "
                                    + FirehoseConfig.MAX_RECORDS_PER_BATCH
                                    + " (the Firehose limit).");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT_REQUESTS =
            ConfigOption.builder(GROUP, "sink.requests.max-inflight")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            FirehoseConfig.Builder.DEFAULT_MAX_IN_FLIGHT_REQUESTS,
                            "PutRecordBatch requests in flight per sink subtask; more wait"
                                    + " (backpressure).");

    public static final ConfigOption<Integer> MAX_BUFFERED_REQUESTS =
            ConfigOption.builder(GROUP, "sink.requests.max-buffered")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            FirehoseConfig.Builder.DEFAULT_MAX_BUFFERED_REQUESTS,
                            "Records buffered per sink subtask before it backpressures; must"
                                    + " exceed sink.batch.max-size.");

    public static final ConfigOption<Integer> MAX_BATCH_BYTES =
            ConfigOption.builder(GROUP, "sink.flush-buffer.size")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            (int) FirehoseConfig.Builder.DEFAULT_MAX_BATCH_BYTES,
                            "Bytes per PutRecordBatch request, between 1000kb (the largest record)"
                                    + " and 4mb (the Firehose limit).");

    public static final ConfigOption<Duration> MAX_TIME_IN_BUFFER =
            ConfigOption.builder(GROUP, "sink.flush-buffer.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            FirehoseConfig.Builder.DEFAULT_MAX_TIME_IN_BUFFER,
                            "A partly filled batch is sent once its oldest record has waited this"
                                    + " long.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    ENABLED,
                    DELIVERY_STREAM,
                    REGION,
                    ENDPOINT,
                    MAX_BATCH_SIZE,
                    MAX_IN_FLIGHT_REQUESTS,
                    MAX_BUFFERED_REQUESTS,
                    MAX_BATCH_BYTES,
                    MAX_TIME_IN_BUFFER);

    private FirehoseOptions() {}

    /**
     * Reads the group: empty when the sink is disabled (the default), otherwise its checked
     * settings. Keys other than {@code enabled} are still parsed when disabled, so a typo fails at
     * start-up rather than on the day someone enables the sink.
     */
    public static Optional<FirehoseConfig> read(PropertyGroups groups) {
        boolean enabled = groups.get(ENABLED);
        Optional<String> deliveryStream = groups.find(DELIVERY_STREAM);
        Optional<String> region = groups.find(REGION);
        Optional<URI> endpoint = groups.find(ENDPOINT);
        FirehoseConfig.Builder builder;
        if (!enabled) {
            // Same checks as when enabled, on placeholder names, so bad values fail now.
            builder = FirehoseConfig.builder("disabled", "us-east-1");
        } else {
            builder =
                    FirehoseConfig.builder(
                            deliveryStream.orElseThrow(() -> missingWhenEnabled(DELIVERY_STREAM)),
                            region.orElseThrow(() -> missingWhenEnabled(REGION)));
        }
        builder.endpoint(endpoint.orElse(null))
                .maxBatchSize(groups.get(MAX_BATCH_SIZE))
                .maxInFlightRequests(groups.get(MAX_IN_FLIGHT_REQUESTS))
                .maxBufferedRequests(groups.get(MAX_BUFFERED_REQUESTS))
                .maxBatchBytes(groups.get(MAX_BATCH_BYTES))
                .maxTimeInBuffer(groups.get(MAX_TIME_IN_BUFFER));
        FirehoseConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "Property group '" + GROUP + "': " + inKeyTerms(e.getMessage()), e);
        }
        return enabled ? Optional.of(config) : Optional.empty();
    }

    private static ConfigException missingWhenEnabled(ConfigOption<?> option) {
        return new ConfigException(
                "Property group '"
                        + GROUP
                        + "' sets "
                        + ENABLED.key()
                        + "=true but is missing key '"
                        + option.key()
                        + "' ("
                        + option.description()
                        + ")");
    }

    /** Rewrites the config's field names as the keys a user sets. */
    private static String inKeyTerms(String message) {
        return message.replace("maxBatchSize", MAX_BATCH_SIZE.key())
                .replace("maxInFlightRequests", MAX_IN_FLIGHT_REQUESTS.key())
                .replace("maxBufferedRequests", MAX_BUFFERED_REQUESTS.key())
                .replace("maxBatchBytes", MAX_BATCH_BYTES.key())
                .replace("maxTimeInBuffer", MAX_TIME_IN_BUFFER.key());
    }

    private static OptionType<String> deliveryStreamType() {
        return new OptionType<String>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String parse(String raw) {
                String name = raw.trim();
                if (name.startsWith("arn:")) {
                    throw new IllegalArgumentException(
                            "expected the delivery stream's name, not its ARN, but got '"
                                    + raw
                                    + "'");
                }
                if (!DELIVERY_STREAM_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(
                            "expected a delivery stream name of 1-64 letters, digits, '_', '.'"
                                    + " or '-' but got '"
                                    + raw
                                    + "'");
                }
                return name;
            }

            @Override
            public String describe() {
                return "delivery stream name";
            }
        };
    }

    private static OptionType<String> regionType() {
        return new OptionType<String>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String parse(String raw) {
                String region = raw.trim();
                if (!REGION_ID.matcher(region).matches()) {
                    throw new IllegalArgumentException(
                            "expected an AWS region id such as eu-west-1 but got '" + raw + "'");
                }
                return region;
            }

            @Override
            public String describe() {
                return "AWS region id";
            }
        };
    }
}
