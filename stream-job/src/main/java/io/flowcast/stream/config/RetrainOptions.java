package io.flowcast.stream.config;

import io.flowcast.stream.retrain.RetrainTriggerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@value #GROUP} property group: the retraining trigger that drift events start
 * (Step Functions {@code StartExecution}), off unless {@code enabled=true}. Credentials are never
 * configured here: the trigger uses the default provider chain (the application's IAM role, which
 * needs {@code states:StartExecution} on the state machine).
 */
public final class RetrainOptions {

    public static final String GROUP = "Retrain";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOption.builder(GROUP, "enabled")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            false,
                            "Start the retraining state machine for drift events (once per drift"
                                    + " episode, once per cooldown per model).");

    public static final ConfigOption<String> STATE_MACHINE_ARN =
            ConfigOption.builder(GROUP, "state.machine.arn")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "ARN of the retraining Standard state machine. Required when"
                                    + " enabled=true.");

    public static final ConfigOption<String> REGION =
            ConfigOption.builder(GROUP, "aws.region")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("Region of the state machine; default: the ARN's region.");

    public static final ConfigOption<URI> ENDPOINT =
            ConfigOption.builder(GROUP, "aws.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional("Endpoint override; leave unset on AWS (tests point it at a stub).");

    public static final ConfigOption<Duration> COOLDOWN =
            ConfigOption.builder(GROUP, "cooldown")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            RetrainTriggerConfig.DEFAULT_COOLDOWN,
                            "After a run of a model starts, further drift episodes of that model"
                                    + " start nothing for this long (in memory: a restart"
                                    + " clears it; the execution name still dedupes an episode).");

    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            ConfigOption.builder(GROUP, "retry.max-attempts")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            RetrainTriggerConfig.DEFAULT_MAX_ATTEMPTS,
                            "StartExecution attempts on throttling, 5xx and transport errors,"
                                    + " the first included.");

    public static final ConfigOption<Duration> INITIAL_BACKOFF =
            ConfigOption.builder(GROUP, "retry.initial-backoff")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            RetrainTriggerConfig.DEFAULT_INITIAL_BACKOFF,
                            "Wait before the second attempt (jittered, doubling).");

    public static final ConfigOption<Duration> MAX_BACKOFF =
            ConfigOption.builder(GROUP, "retry.max-backoff")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            RetrainTriggerConfig.DEFAULT_MAX_BACKOFF,
                            "Longest wait between attempts.");

    public static final ConfigOption<Duration> CALL_TIMEOUT =
            ConfigOption.builder(GROUP, "call.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            RetrainTriggerConfig.DEFAULT_CALL_TIMEOUT,
                            "Timeout of one StartExecution call. The trigger's sink waits for"
                                    + " it (drift events are rare): an unreachable Step Functions"
                                    + " holds the next drift events and checkpoints back for up"
                                    + " to retry.max-attempts times this.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    ENABLED,
                    STATE_MACHINE_ARN,
                    REGION,
                    ENDPOINT,
                    COOLDOWN,
                    MAX_ATTEMPTS,
                    INITIAL_BACKOFF,
                    MAX_BACKOFF,
                    CALL_TIMEOUT);

    private RetrainOptions() {}

    /**
     * Reads the group: empty when the trigger is disabled (the default). Other keys are parsed even
     * then, so a typo fails at start-up.
     */
    public static Optional<RetrainTriggerConfig> read(PropertyGroups groups) {
        boolean enabled = groups.get(ENABLED);
        Optional<String> arn = groups.find(STATE_MACHINE_ARN);
        Optional<String> region = groups.find(REGION);
        Optional<URI> endpoint = groups.find(ENDPOINT);
        Duration cooldown = groups.get(COOLDOWN);
        int maxAttempts = groups.get(MAX_ATTEMPTS);
        Duration initialBackoff = groups.get(INITIAL_BACKOFF);
        Duration maxBackoff = groups.get(MAX_BACKOFF);
        Duration callTimeout = groups.get(CALL_TIMEOUT);
        if (!enabled && arn.isEmpty()) {
            return Optional.empty();
        }
        if (arn.isEmpty()) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "' sets "
                            + ENABLED.key()
                            + "=true but is missing key '"
                            + STATE_MACHINE_ARN.key()
                            + "' ("
                            + STATE_MACHINE_ARN.description()
                            + ")");
        }
        RetrainTriggerConfig config;
        try {
            config =
                    RetrainTriggerConfig.builder(arn.get())
                            .region(region.orElse(null))
                            .endpointOverride(endpoint.orElse(null))
                            .cooldown(cooldown)
                            .retries(maxAttempts, initialBackoff, maxBackoff)
                            .callTimeout(callTimeout)
                            .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "Property group '" + GROUP + "': " + inKeyTerms(e.getMessage()), e);
        }
        return enabled ? Optional.of(config) : Optional.empty();
    }

    private static String inKeyTerms(String message) {
        return message.replace("initialBackoff", INITIAL_BACKOFF.key())
                .replace("maxBackoff", MAX_BACKOFF.key())
                .replace("maxAttempts", MAX_ATTEMPTS.key())
                .replace(
                        "not a Step Functions", STATE_MACHINE_ARN.key() + ": not a Step Functions");
    }
}
