package io.flowcast.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.retrain.ExecutionStarter;
import io.flowcast.stream.retrain.RetrainTrigger;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.retrain.StartExecutionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetrainCliTest {

    private static final String ARN =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> names = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<RetrainTriggerConfig> configs = new ArrayList<>();

    /** A starter that records calls; the first start of a name succeeds, later ones exist. */
    private final Function<RetrainTriggerConfig, RetrainTrigger> triggers =
            config -> {
                configs.add(config);
                ExecutionStarter starter =
                        new ExecutionStarter() {
                            @Override
                            public String start(String arn, String name, String input)
                                    throws StartExecutionException {
                                boolean seen = names.contains(name);
                                names.add(name);
                                inputs.add(input);
                                if (seen) {
                                    throw new StartExecutionException(
                                            "ExecutionAlreadyExists", 400, "exists");
                                }
                                return config.executionArn(name);
                            }

                            @Override
                            public void close() {}
                        };
                return new RetrainTrigger(config, starter, CLOCK, d -> {});
            };

    private int run(String... args) throws InterruptedException {
        return RetrainCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK,
                triggers);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsOnceAndReportsARepeatAsAlreadyStarted() throws Exception {
        String[] args = {
            "--state-machine-arn", ARN, "--asset-type", "pump", "--model-version", "v0003"
        };
        assertThat(run(args)).isEqualTo(RetrainCli.OK);
        assertThat(run(args)).isEqualTo(RetrainCli.OK);

        String expectedArn =
                "arn:aws:states:eu-west-1:123456789012:execution:flowcast-retraining:"
                        + "retrain-pump-v0003-manual-20261122";
        assertThat(out.toString(StandardCharsets.UTF_8).split("\\R"))
                .containsExactly("started " + expectedArn, "already started " + expectedArn);
        assertThat(inputs.get(0))
                .contains("\"reason\":\"manual\"")
                .contains("\"requestedBy\":\"cli\"");
        assertThat(configs.get(0).region()).isEqualTo("eu-west-1");
        assertThat(configs.get(0).endpointOverride()).isNull();
    }

    @Test
    void optionalFlagsReachTheRequestAndConfig() throws Exception {
        assertThat(
                        run(
                                "--state-machine-arn=" + ARN,
                                "--asset-type=compressor",
                                "--model-version=v0001",
                                "--episode-id=incident-42",
                                "--reason=bearing replaced",
                                "--region=eu-central-1",
                                "--endpoint=http://127.0.0.1:8083"))
                .isEqualTo(RetrainCli.OK);
        assertThat(names).containsExactly("retrain-compressor-v0001-incident-42");
        assertThat(inputs.get(0)).contains("\"reason\":\"bearing replaced\"");
        assertThat(configs.get(0).region()).isEqualTo("eu-central-1");
        assertThat(configs.get(0).endpointOverride()).hasToString("http://127.0.0.1:8083");
    }

    @Test
    void aDryRunPrintsTheStartExecutionCallWithTheTriggersNameAndInputAndStartsNothing()
            throws Exception {
        assertThat(
                        run(
                                "--state-machine-arn",
                                ARN,
                                "--asset-type",
                                "pump",
                                "--model-version",
                                "v0003",
                                "--reason",
                                "operator's check",
                                "--dry-run"))
                .as(err())
                .isEqualTo(RetrainCli.OK);

        assertThat(configs).as("no trigger was built").isEmpty();
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(line)
                .startsWith(
                        "aws stepfunctions start-execution --state-machine-arn "
                                + ARN
                                + " --name retrain-pump-v0003-manual-20261122 --input '{")
                .endsWith("}' --region eu-west-1")
                .contains("operator'\\''s check");

        // The same name and input as a real start.
        assertThat(
                        run(
                                "--state-machine-arn",
                                ARN,
                                "--asset-type",
                                "pump",
                                "--model-version",
                                "v0003",
                                "--reason",
                                "operator's check"))
                .isEqualTo(RetrainCli.OK);
        String input =
                line.substring(line.indexOf("--input '") + 9, line.lastIndexOf("' --region"))
                        .replace("'\\''", "'");
        assertThat(input).isEqualTo(inputs.get(0));
    }

    @Test
    void helpPrintsTheFlagsAndExitsZeroWithoutStarting() throws Exception {
        assertThat(run("--help")).isEqualTo(RetrainCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("usage: scripts/retrain.sh --state-machine-arn ARN")
                .contains("--dry-run");
        assertThat(configs).isEmpty();
    }

    @Test
    void aMissingRequiredFlagIsAUsageError() throws Exception {
        assertThat(run("--state-machine-arn", ARN, "--asset-type", "pump"))
                .isEqualTo(RetrainCli.USAGE);
        assertThat(err())
                .contains("--model-version: required")
                .contains("usage: scripts/retrain.sh");
        assertThat(names).isEmpty();
    }

    @Test
    void aFlagWithoutValueIsAUsageError() throws Exception {
        assertThat(run("--state-machine-arn", ARN, "--asset-type", "--model-version", "v1"))
                .isEqualTo(RetrainCli.USAGE);
        assertThat(err()).contains("--asset-type: missing value");
    }

    @Test
    void anUnknownFlagIsAUsageError() throws Exception {
        assertThat(run("--state-machine", ARN)).isEqualTo(RetrainCli.USAGE);
        assertThat(err()).contains("--state-machine: unknown option");
    }

    @Test
    void aNameInsteadOfAnArnIsAUsageError() throws Exception {
        assertThat(
                        run(
                                "--state-machine-arn",
                                "flowcast-retraining",
                                "--asset-type",
                                "pump",
                                "--model-version",
                                "v1"))
                .isEqualTo(RetrainCli.USAGE);
        assertThat(err()).contains("--state-machine-arn: not a Step Functions state machine ARN");
    }

    @Test
    void aBadEndpointIsAUsageError() throws Exception {
        assertThat(
                        run(
                                "--state-machine-arn", ARN,
                                "--asset-type", "pump",
                                "--model-version", "v1",
                                "--endpoint", "127.0.0.1:8083"))
                .isEqualTo(RetrainCli.USAGE);
        assertThat(err()).contains("--endpoint: expected http(s)://host[:port]");
    }

    @Test
    void aFailedStartExitsWithOne() throws Exception {
        Function<RetrainTriggerConfig, RetrainTrigger> failing =
                config ->
                        new RetrainTrigger(
                                config,
                                new ExecutionStarter() {
                                    @Override
                                    public String start(String arn, String name, String input)
                                            throws StartExecutionException {
                                        throw new StartExecutionException(
                                                "StateMachineDoesNotExist", 400, "no such machine");
                                    }

                                    @Override
                                    public void close() {}
                                },
                                CLOCK,
                                d -> {});
        int status =
                RetrainCli.run(
                        new String[] {
                            "--state-machine-arn",
                            ARN,
                            "--asset-type",
                            "pump",
                            "--model-version",
                            "v1"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        CLOCK,
                        failing);
        assertThat(status).isEqualTo(RetrainCli.FAILED);
        assertThat(err())
                .contains("failed to start retrain-pump-v1-manual-20261122")
                .contains("StateMachineDoesNotExist");
    }
}
