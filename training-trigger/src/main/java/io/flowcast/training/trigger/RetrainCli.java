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
            "usage: RetrainCli --state-machine-arn ARN --asset-type T --model-version V"
                    + " [--region R] [--reason TEXT] [--episode-id ID] [--requested-by WHO]"
                    + " [--endpoint URI]";

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
        RetrainCliOptions options;
        try {
            options = RetrainCliOptions.parse(clock.instant(), args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
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
}
