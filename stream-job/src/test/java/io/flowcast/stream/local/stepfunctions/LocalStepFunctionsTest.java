package io.flowcast.stream.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@link LocalStepFunctions} driven by the real AWS SDK v2 {@link SfnClient} (Apache HTTP client,
 * static dummy credentials, the region of the state machine ARN): executions run with the exact
 * input, one at a time in start order, end SUCCEEDED or FAILED as their runner says, repeated names
 * behave as Step Functions documents, and the errors reach the SDK as its typed exceptions.
 */
class LocalStepFunctionsTest {

    static final String RETRAINING =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";
    static final String OTHER = "arn:aws:states:eu-west-1:123456789012:stateMachine:other";
    private static final String INPUT = "{\"assetType\":\"pump\",\"episodeId\":\"ep-1\"}";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private LocalStepFunctions start(LocalStepFunctions.Builder builder) {
        LocalStepFunctions server = builder.start();
        toClose.add(server);
        return server;
    }

    private LocalStepFunctions start(ExecutionRunner runner) {
        LocalStepFunctions server =
                start(LocalStepFunctions.builder().stateMachine(RETRAINING, runner));
        if (runner instanceof GatedRunner) {
            // Closed in reverse: a failed assertion releases the gate before the server closes.
            toClose.add(((GatedRunner) runner)::release);
        }
        return server;
    }

    private SfnClient client(LocalStepFunctions server) {
        SfnClient client =
                SfnClient.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                "flowcast-local", "flowcast-local")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
        toClose.add(client);
        return client;
    }

    private static StartExecutionResponse startExecution(
            SfnClient sfn, String stateMachine, String name, String input) {
        return sfn.startExecution(r -> r.stateMachineArn(stateMachine).name(name).input(input));
    }

    private static void await(LocalStepFunctions server) throws InterruptedException {
        assertThat(server.awaitIdle(WAIT)).as("all executions ended").isTrue();
    }

    /** Records what it was called with and answers with the execution's name. */
    static final class RecordingRunner implements ExecutionRunner {
        final List<LocalExecution> calls = new CopyOnWriteArrayList<>();

        @Override
        public String run(LocalExecution execution) {
            calls.add(execution);
            return "{\"ran\":\"" + execution.name() + "\"}";
        }
    }

    /** Blocks every run until {@link #release()}; counts how many run at once. */
    static final class GatedRunner implements ExecutionRunner {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final List<String> order = new CopyOnWriteArrayList<>();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();

        @Override
        public String run(LocalExecution execution) throws Exception {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            order.add(execution.name());
            entered.countDown();
            try {
                gate.await();
                return "{}";
            } finally {
                active.decrementAndGet();
            }
        }

        void release() {
            gate.countDown();
        }
    }

    @Test
    void anExecutionRunsWithTheExactInputAndDescribeShowsItsOutput() throws Exception {
        RecordingRunner runner = new RecordingRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        StartExecutionResponse started = startExecution(sfn, RETRAINING, "retrain-1", INPUT);
        await(server);
        DescribeExecutionResponse d =
                sfn.describeExecution(r -> r.executionArn(started.executionArn()));

        assertThat(started.executionArn())
                .isEqualTo(
                        "arn:aws:states:eu-west-1:123456789012:execution:flowcast-retraining:"
                                + "retrain-1");
        assertThat(runner.calls).hasSize(1);
        LocalExecution call = runner.calls.get(0);
        assertThat(call.input()).isEqualTo(INPUT);
        assertThat(call.name()).isEqualTo("retrain-1");
        assertThat(call.stateMachineArn()).isEqualTo(RETRAINING);
        assertThat(call.executionArn()).isEqualTo(started.executionArn());
        assertThat(call.startDate()).isEqualTo(started.startDate());

        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"ran\":\"retrain-1\"}");
        assertThat(d.input()).isEqualTo(INPUT);
        assertThat(d.name()).isEqualTo("retrain-1");
        assertThat(d.stateMachineArn()).isEqualTo(RETRAINING);
        assertThat(d.executionArn()).isEqualTo(started.executionArn());
        assertThat(d.startDate()).isEqualTo(started.startDate());
        assertThat(d.stopDate()).isNotNull().isAfterOrEqualTo(d.startDate());
        assertThat(d.error()).isNull();
        assertThat(d.cause()).isNull();
        assertThat(server.executions())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status().name()).isEqualTo("SUCCEEDED");
                            assertThat(r.stopDate()).isEqualTo(d.stopDate());
                        });
    }

    @Test
    void aMissingInputIsAnEmptyObjectAndAMissingNameAUuid() throws Exception {
        RecordingRunner runner = new RecordingRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(RETRAINING));
        await(server);

        assertThat(runner.calls)
                .singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo("{}"));
        assertThat(runner.calls.get(0).name())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(started.executionArn()).endsWith(":" + runner.calls.get(0).name());
    }

    @Test
    void anIdenticalRepeatWhileRunningReturnsTheSameExecutionAndRunsItOnce() throws Exception {
        GatedRunner runner = new GatedRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        StartExecutionResponse first = startExecution(sfn, RETRAINING, "retrain-1", INPUT);
        runner.entered.await();
        StartExecutionResponse repeat = startExecution(sfn, RETRAINING, "retrain-1", INPUT);
        runner.release();
        await(server);

        assertThat(repeat.executionArn()).isEqualTo(first.executionArn());
        assertThat(repeat.startDate()).isEqualTo(first.startDate());
        assertThat(runner.order).containsExactly("retrain-1");
        assertThat(server.executions()).hasSize(1);
    }

    @Test
    void aRepeatAfterTheExecutionEndedIsRefusedWhateverTheInput() throws Exception {
        RecordingRunner runner = new RecordingRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        startExecution(sfn, RETRAINING, "retrain-1", INPUT);
        await(server);

        assertThatThrownBy(() -> startExecution(sfn, RETRAINING, "retrain-1", INPUT))
                .isInstanceOfSatisfying(
                        ExecutionAlreadyExistsException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("ExecutionAlreadyExists");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .contains(":execution:flowcast-retraining:retrain-1");
                        });
        assertThat(runner.calls).hasSize(1);
    }

    @Test
    void theSameNameWithADifferentInputIsRefusedWhileRunning() throws Exception {
        GatedRunner runner = new GatedRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        startExecution(sfn, RETRAINING, "retrain-1", INPUT);
        try {
            assertThatThrownBy(
                            () ->
                                    startExecution(
                                            sfn,
                                            RETRAINING,
                                            "retrain-1",
                                            "{\"assetType\":\"pump\",\"episodeId\":\"ep-2\"}"))
                    .isInstanceOf(ExecutionAlreadyExistsException.class);
        } finally {
            runner.release();
        }
        await(server);
        assertThat(server.executions())
                .singleElement()
                .satisfies(r -> assertThat(r.input()).isEqualTo(INPUT));
    }

    @Test
    void theSameNameOnAnotherStateMachineIsAnotherExecution() throws Exception {
        RecordingRunner runner = new RecordingRunner();
        LocalStepFunctions server =
                start(
                        LocalStepFunctions.builder()
                                .stateMachine(RETRAINING, runner)
                                .stateMachine(OTHER, runner));
        SfnClient sfn = client(server);

        String a = startExecution(sfn, RETRAINING, "run-1", INPUT).executionArn();
        String b = startExecution(sfn, OTHER, "run-1", INPUT).executionArn();
        await(server);

        assertThat(a).endsWith(":execution:flowcast-retraining:run-1");
        assertThat(b).endsWith(":execution:other:run-1");
        assertThat(runner.calls)
                .extracting(LocalExecution::stateMachineArn)
                .containsExactly(RETRAINING, OTHER);
    }

    @Test
    void aRunnerFailureEndsTheExecutionFailedWithItsErrorAndCause() throws Exception {
        LocalStepFunctions server =
                start(
                        execution -> {
                            throw new ExecutionFailedException(
                                    "Flowcast.DatasetTooSmall", "only 12 rows in the lake");
                        });
        SfnClient sfn = client(server);

        String arn = startExecution(sfn, RETRAINING, "retrain-1", INPUT).executionArn();
        await(server);
        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn));

        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Flowcast.DatasetTooSmall");
        assertThat(d.cause()).isEqualTo("only 12 rows in the lake");
        assertThat(d.output()).isNull();
        assertThat(d.stopDate()).isNotNull();
    }

    @Test
    void anyOtherExceptionOrErrorFailsTheExecutionWithStatesRuntimeAndTheNextStillRuns()
            throws Exception {
        ExecutionRunner runner =
                execution -> {
                    switch (execution.name()) {
                        case "throws-runtime":
                            throw new IllegalStateException("registry is locked");
                        case "throws-error":
                            throw new AssertionError("a bug in the runner");
                        case "returns-null":
                            return null;
                        case "returns-text":
                            return "not json";
                        default:
                            return "{}";
                    }
                };
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        for (String name :
                List.of("throws-runtime", "throws-error", "returns-null", "returns-text", "ok")) {
            startExecution(sfn, RETRAINING, name, INPUT);
        }
        await(server);

        List<ExecutionRecord> all = server.executions();
        assertThat(all)
                .extracting(ExecutionRecord::name, r -> r.status().name(), ExecutionRecord::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "throws-runtime", "FAILED", LocalStepFunctions.RUNTIME_ERROR),
                        org.assertj.core.groups.Tuple.tuple(
                                "throws-error", "FAILED", LocalStepFunctions.RUNTIME_ERROR),
                        org.assertj.core.groups.Tuple.tuple(
                                "returns-null", "FAILED", LocalStepFunctions.RUNTIME_ERROR),
                        org.assertj.core.groups.Tuple.tuple(
                                "returns-text", "FAILED", LocalStepFunctions.RUNTIME_ERROR),
                        org.assertj.core.groups.Tuple.tuple("ok", "SUCCEEDED", null));
        DescribeExecutionResponse d =
                sfn.describeExecution(r -> r.executionArn(all.get(0).executionArn()));
        assertThat(d.error()).isEqualTo("States.Runtime");
        assertThat(d.cause()).isEqualTo("registry is locked");
        assertThat(all.get(1).cause()).isEqualTo("a bug in the runner");
    }

    @Test
    void anUnknownOrMalformedStateMachineIsRefused() {
        LocalStepFunctions server = start(new RecordingRunner());
        SfnClient sfn = client(server);

        assertThatThrownBy(
                        () ->
                                startExecution(
                                        sfn,
                                        "arn:aws:states:eu-west-1:123456789012:stateMachine:nope",
                                        "retrain-1",
                                        INPUT))
                .isInstanceOfSatisfying(
                        StateMachineDoesNotExistException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> startExecution(sfn, "flowcast-retraining", "retrain-1", INPUT))
                .isInstanceOf(InvalidArnException.class);
        assertThat(server.executions()).isEmpty();
    }

    @Test
    void namesThatBreakTheNamingRuleAreRefused() {
        RecordingRunner runner = new RecordingRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        for (String bad :
                List.of("has space", "a/b", "a:b", "semi;colon", "{x}", "star*", "x".repeat(81))) {
            assertThatThrownBy(() -> startExecution(sfn, RETRAINING, bad, INPUT))
                    .as("name %s", bad)
                    .isInstanceOfSatisfying(
                            InvalidNameException.class,
                            e ->
                                    assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("InvalidName"));
        }
        assertThat(server.executions()).isEmpty();
        // The longest allowed name, and characters outside the CloudWatch-safe set, are fine.
        startExecution(sfn, RETRAINING, "x".repeat(80), INPUT);
        startExecution(sfn, RETRAINING, "épisode.2026-11-22", INPUT);
        assertThat(server.executions()).hasSize(2);
    }

    @Test
    void inputThatIsNotAJsonObjectIsRefused() {
        LocalStepFunctions server = start(new RecordingRunner());
        SfnClient sfn = client(server);

        for (String bad : List.of("not json", "[1,2]", "42", "{\"a\":1} trailing", "{\"a\":")) {
            assertThatThrownBy(() -> startExecution(sfn, RETRAINING, "retrain-1", bad))
                    .as("input %s", bad)
                    .isInstanceOf(InvalidExecutionInputException.class);
        }
        assertThat(server.executions()).isEmpty();
    }

    @Test
    void describingAnUnknownExecutionIsRefused() {
        LocalStepFunctions server = start(new RecordingRunner());
        SfnClient sfn = client(server);

        assertThatThrownBy(
                        () ->
                                sfn.describeExecution(
                                        r ->
                                                r.executionArn(
                                                        "arn:aws:states:eu-west-1:123456789012"
                                                                + ":execution:flowcast-retraining"
                                                                + ":never")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(RETRAINING)))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void executionsRunOneAtATimeInStartOrder() throws Exception {
        GatedRunner runner = new GatedRunner();
        LocalStepFunctions server = start(runner);
        SfnClient sfn = client(server);

        List<String> names = List.of("e1", "e2", "e3", "e4", "e5");
        startExecution(sfn, RETRAINING, names.get(0), INPUT);
        runner.entered.await();
        for (String name : names.subList(1, names.size())) {
            startExecution(sfn, RETRAINING, name, INPUT);
        }
        // The first holds the worker: the others are queued, which Step Functions calls RUNNING.
        List<ExecutionListItem> whileBlocked =
                sfn.listExecutions(r -> r.stateMachineArn(RETRAINING)).executions();
        assertThat(whileBlocked)
                .extracting(ExecutionListItem::status)
                .containsOnly(ExecutionStatus.RUNNING);
        runner.release();
        await(server);

        assertThat(runner.order).containsExactlyElementsOf(names);
        assertThat(runner.maxActive.get()).isEqualTo(1);
        List<ExecutionRecord> all = server.executions();
        for (int i = 1; i < all.size(); i++) {
            // Each one stopped no later than the next one's run began, i.e. no overlap.
            assertThat(all.get(i).stopDate()).isAfterOrEqualTo(all.get(i - 1).stopDate());
        }
    }

    @Test
    void listExecutionsIsNewestFirstFilteredAndPaged() throws Exception {
        ExecutionRunner runner =
                execution -> {
                    if (execution.name().startsWith("bad")) {
                        throw new ExecutionFailedException("Flowcast.Test", "asked to fail");
                    }
                    return "{}";
                };
        LocalStepFunctions server =
                start(
                        LocalStepFunctions.builder()
                                .stateMachine(RETRAINING, runner)
                                .stateMachine(OTHER, runner));
        SfnClient sfn = client(server);
        List<String> names = List.of("ok-1", "bad-2", "ok-3", "bad-4", "ok-5");
        for (String name : names) {
            startExecution(sfn, RETRAINING, name, INPUT);
        }
        startExecution(sfn, OTHER, "elsewhere", INPUT);
        await(server);

        List<String> all =
                sfn.listExecutions(r -> r.stateMachineArn(RETRAINING)).executions().stream()
                        .map(ExecutionListItem::name)
                        .collect(Collectors.toList());
        List<String> failed =
                sfn
                        .listExecutions(
                                r ->
                                        r.stateMachineArn(RETRAINING)
                                                .statusFilter(ExecutionStatus.FAILED))
                        .executions()
                        .stream()
                        .map(ExecutionListItem::name)
                        .collect(Collectors.toList());
        List<String> paged =
                sfn
                        .listExecutionsPaginator(r -> r.stateMachineArn(RETRAINING).maxResults(2))
                        .executions()
                        .stream()
                        .map(ExecutionListItem::name)
                        .collect(Collectors.toList());
        int pages =
                (int)
                        sfn
                                .listExecutionsPaginator(
                                        r -> r.stateMachineArn(RETRAINING).maxResults(2))
                                .stream()
                                .count();

        assertThat(all).containsExactly("ok-5", "bad-4", "ok-3", "bad-2", "ok-1");
        assertThat(failed).containsExactly("bad-4", "bad-2");
        assertThat(paged).isEqualTo(all);
        assertThat(pages).isEqualTo(3);
        ExecutionListItem item =
                sfn.listExecutions(r -> r.stateMachineArn(OTHER)).executions().get(0);
        assertThat(item.name()).isEqualTo("elsewhere");
        assertThat(item.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(item.stopDate()).isNotNull();
        assertThatThrownBy(
                        () ->
                                sfn.listExecutions(
                                        r -> r.stateMachineArn(RETRAINING).nextToken("bogus")))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(
                        () ->
                                sfn.listExecutions(
                                        r -> r.stateMachineArn(RETRAINING).maxResults(1001)))
                .isInstanceOfSatisfying(
                        SfnException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("ValidationException"));
    }

    @Test
    void listenersHearEachStartThenItsEnd() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch repeated = new CountDownLatch(1);
        ExecutionListener recording =
                new ExecutionListener() {
                    @Override
                    public void started(ExecutionRecord e) {
                        events.add("started " + e.name() + " " + e.status());
                    }

                    @Override
                    public void succeeded(ExecutionRecord e) {
                        events.add("succeeded " + e.name() + " " + e.output());
                    }

                    @Override
                    public void failed(ExecutionRecord e) {
                        events.add("failed " + e.name() + " " + e.error());
                    }
                };
        ExecutionListener throwing =
                new ExecutionListener() {
                    @Override
                    public void started(ExecutionRecord e) {
                        throw new IllegalStateException("a broken console");
                    }
                };
        LocalStepFunctions server =
                start(
                        LocalStepFunctions.builder()
                                .stateMachine(
                                        RETRAINING,
                                        execution -> {
                                            repeated.await();
                                            if (execution.name().equals("b")) {
                                                throw new ExecutionFailedException("E", "c");
                                            }
                                            return "{\"v\":1}";
                                        })
                                .listener(throwing)
                                .listener(recording));
        SfnClient sfn = client(server);

        startExecution(sfn, RETRAINING, "a", INPUT);
        // An identical repeat while "a" runs answers the same execution: no second "started".
        startExecution(sfn, RETRAINING, "a", INPUT);
        startExecution(sfn, RETRAINING, "b", INPUT);
        repeated.countDown();
        await(server);

        assertThat(events)
                .containsSubsequence("started a RUNNING", "succeeded a {\"v\":1}")
                .containsSubsequence("started b RUNNING", "failed b E")
                .hasSize(4);
    }

    @Test
    void closeLetsTheRunningExecutionFinishAndAbortsTheQueued() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch queuedAborted = new CountDownLatch(1);
        List<String> aborted = new CopyOnWriteArrayList<>();
        LocalStepFunctions server =
                LocalStepFunctions.builder()
                        .stateMachine(
                                RETRAINING,
                                execution -> {
                                    // Finish only once close() is under way: it aborts the
                                    // queued execution before it waits for this one.
                                    entered.countDown();
                                    queuedAborted.await();
                                    return "{\"finished\":true}";
                                })
                        .listener(
                                new ExecutionListener() {
                                    @Override
                                    public void aborted(ExecutionRecord e) {
                                        aborted.add(e.name());
                                        queuedAborted.countDown();
                                    }
                                })
                        .closeTimeout(WAIT)
                        .start();
        SfnClient sfn = client(server);
        startExecution(sfn, RETRAINING, "running", INPUT);
        entered.await();
        startExecution(sfn, RETRAINING, "queued", INPUT);

        server.close();

        assertThat(server.awaitIdle(Duration.ZERO)).isTrue();
        assertThat(server.executions())
                .extracting(ExecutionRecord::name, r -> r.status().name(), ExecutionRecord::output)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "running", "SUCCEEDED", "{\"finished\":true}"),
                        org.assertj.core.groups.Tuple.tuple("queued", "ABORTED", null));
        assertThat(aborted).containsExactly("queued");
        assertThat(server.executions().get(1).error()).isEqualTo(LocalStepFunctions.ABORTED_ERROR);
        assertThatThrownBy(() -> startExecution(sfn, RETRAINING, "late", INPUT))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }

    @Test
    void closeInterruptsARunThatOutlastsTheTimeoutAndRecordsItAborted() throws Exception {
        GatedRunner runner = new GatedRunner(); // waits on its gate until interrupted
        LocalStepFunctions server =
                LocalStepFunctions.builder()
                        .stateMachine(RETRAINING, runner)
                        .closeTimeout(Duration.ofMillis(50))
                        .start();
        SfnClient sfn = client(server);
        startExecution(sfn, RETRAINING, "long", INPUT);
        runner.entered.await();

        server.close();

        assertThat(server.executions())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status().name()).isEqualTo("ABORTED");
                            assertThat(r.error()).isEqualTo(LocalStepFunctions.ABORTED_ERROR);
                            assertThat(r.stopDate()).isNotNull();
                        });
        assertThat(server.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void closeRecordsARunThatIgnoresTheInterruptAborted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        LocalStepFunctions server =
                LocalStepFunctions.builder()
                        .stateMachine(
                                RETRAINING,
                                execution -> {
                                    entered.countDown();
                                    while (true) {
                                        try {
                                            letGo.await();
                                            return "{}";
                                        } catch (InterruptedException ignored) {
                                            // A runner that does not stop when asked.
                                        }
                                    }
                                })
                        .closeTimeout(Duration.ofMillis(50))
                        .start();
        SfnClient sfn = client(server);
        startExecution(sfn, RETRAINING, "stubborn", INPUT);
        entered.await();

        server.close();
        ExecutionRecord atClose = server.executions().get(0);
        letGo.countDown();

        assertThat(atClose.status().name()).isEqualTo("ABORTED");
        assertThat(atClose.cause()).contains("did not end");
        assertThat(server.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        ExecutionRunner runner = new RecordingRunner();
        assertThatThrownBy(() -> LocalStepFunctions.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no state machine");
        assertThatThrownBy(
                        () ->
                                LocalStepFunctions.builder()
                                        .stateMachine(RETRAINING, runner)
                                        .stateMachine(RETRAINING, runner))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(
                        () ->
                                LocalStepFunctions.builder()
                                        .stateMachine(
                                                "arn:aws:states:eu-west-1:1:stateMachine:x",
                                                runner))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state machine ARN");
    }
}
