package io.flowcast.training.trigger;

import io.flowcast.stream.retrain.RetrainExecutionName;
import io.flowcast.stream.retrain.RetrainOutcome;
import io.flowcast.stream.retrain.RetrainTrigger;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Function;

/**
 * Starts a retraining run by hand through the same {@link RetrainTrigger} the stream job uses: same
 * deterministic execution name, same input format, same retries. Flags: {@link RetrainCliOptions}.
 * Credentials come from the default provider chain ({@code AWS_PROFILE}, environment, instance
 * role).
 *
 * <p>Prints {@code started <execution ARN>} or {@code already started <execution ARN>} (the
 * episode's run exists: nothing new was started) and exits 0; exits 1 when the start failed and 2
 * on a usage error.
 */
public final class RetrainCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT =
            "usage: scripts/retrain.sh --state-machine-arn ARN --asset-type T --model-version V"
                    + " [--region R] [--reason TEXT] [--episode-id ID] [--requested-by WHO]"
                    + " [--endpoint URI] [--dry-run] [--help]";

    private static final String HELP_TEXT =
            String.join(
                    "\n",
                    USAGE_TEXT,
                    "",
                    "Starts a run of the retraining state machine by hand, as the stream job's drift"
                            + " trigger does",
                    "(same execution name per model and episode, same input, same retries).",
                    "",
                    "  --state-machine-arn ARN  the retraining stack's output StateMachineArn",
                    "  --asset-type T           the model to retrain, e.g. pump",
                    "  --model-version V        the version serving now (recorded with the run)",
                    "  --region R               default: the ARN's region",
                    "  --reason TEXT            default: manual",
                    "  --episode-id ID          default: manual-YYYYMMDD (UTC): one manual run per"
                            + " model and day",
                    "  --requested-by WHO       default: cli",
                    "  --endpoint URI           endpoint override (a VPC endpoint, or the local"
                            + " stand-in http://127.0.0.1:8086)",
                    "  --dry-run                print the AWS CLI call that would start the run;"
                            + " start nothing",
                    "",
                    "Prints \"started <execution ARN>\" or \"already started <execution ARN>\"."
                            + " Exit 1: the start failed; 2: a usage error.",
                    "Credentials come from the default AWS provider chain.");

    private RetrainCli() {}

    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.out, System.err, Clock.systemUTC(), RetrainTrigger::create);
        if (status != OK) {
            System.exit(status);
        }
    }

    /**
     * Parses, starts and reports; the testable body of {@link #main}.
     *
     * @param triggers builds the trigger for the parsed config (tests pass a fake starter)
     * @return the exit status
     */
    static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            Clock clock,
            Function<RetrainTriggerConfig, RetrainTrigger> triggers)
            throws InterruptedException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(HELP_TEXT);
                return OK;
            }
        }
        RetrainCliOptions options;
        try {
            options = RetrainCliOptions.parse(clock.instant(), args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (options.dryRun()) {
            out.println(startExecutionCommand(options));
            return OK;
        }
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = triggers.apply(options.config())) {
            outcome = trigger.trigger(options.request());
        }
        switch (outcome.status()) {
            case STARTED:
                out.println("started " + outcome.executionArn());
                return OK;
            case ALREADY_STARTED:
                out.println("already started " + outcome.executionArn());
                return OK;
            default:
                err.println(
                        "failed to start "
                                + RetrainExecutionName.of(options.request())
                                + ": "
                                + outcome.detail());
                return FAILED;
        }
    }

    /** The AWS CLI v2 call equivalent to the start the trigger would make. */
    static String startExecutionCommand(RetrainCliOptions options) {
        StringBuilder command =
                new StringBuilder("aws stepfunctions start-execution --state-machine-arn ")
                        .append(options.config().stateMachineArn())
                        .append(" --name ")
                        .append(RetrainExecutionName.of(options.request()))
                        .append(" --input ")
                        .append(singleQuoted(options.request().toExecutionInput()));
        if (options.config().endpointOverride() != null) {
            command.append(" --endpoint-url ").append(options.config().endpointOverride());
        }
        return command.append(" --region ").append(options.config().region()).toString();
    }

    private static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
