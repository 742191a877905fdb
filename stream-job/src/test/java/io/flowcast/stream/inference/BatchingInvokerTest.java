package io.flowcast.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.inference.BatchingInvoker.Scored;
import io.flowcast.stream.inference.InferenceException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Batching bounds and linger, exact result mapping, retries, splitting, circuit, deadline. */
class BatchingInvokerTest {

    private static final ModelRoute PUMP = ModelRoute.of("flowcast-pump", PayloadFormat.CSV);
    private static final ModelRoute COMPRESSOR =
            ModelRoute.of("flowcast-compressor", PayloadFormat.CSV);

    private final ManualScheduler clock = new ManualScheduler();
    private final FakeEndpoint endpoint = new FakeEndpoint();

    private BatchingInvoker invoker(BatchConfig config) {
        return new BatchingInvoker(endpoint, config, clock, null, 7L);
    }

    private static BatchConfig batches(int rows, long lingerMillis) {
        return BatchConfig.defaults().withBatching(rows, Duration.ofMillis(lingerMillis));
    }

    @Test
    void aFullBatchGoesOutAtOnceAndEveryRowGetsItsOwnScore() {
        BatchingInvoker invoker = invoker(batches(10, 1_000));
        List<CompletableFuture<Scored>> futures = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            futures.add(invoker.submit(PUMP, new double[] {i, 0.5}));
        }

        assertThat(endpoint.callCount()).isEqualTo(2); // 10 + 10; 5 wait for the linger
        for (int i = 0; i < 20; i++) {
            Scored s = futures.get(i).join();
            assertThat(s.score).isEqualTo(i + 0.5);
            assertThat(s.attempts).isEqualTo(1);
            assertThat(s.variant).isEqualTo("AllTraffic");
            assertThat(s.modelVersion).isEqualTo("v0007");
        }
        assertThat(futures.get(20)).isNotDone();
        clock.advanceMillis(1_000);
        assertThat(endpoint.callCount()).isEqualTo(3);
        assertThat(endpoint.calls.get(2)).hasSize(5);
        assertThat(futures.get(24).join().score).isEqualTo(24.5);
    }

    @Test
    void aFullBatchIsEncodedAndSentOffTheCallersThread() {
        List<Runnable> handedOff = new ArrayList<>();
        Scheduler deferring =
                new Scheduler() {
                    @Override
                    public long nanoTime() {
                        return clock.nanoTime();
                    }

                    @Override
                    public Runnable schedule(Runnable task, long delayNanos) {
                        return clock.schedule(task, delayNanos);
                    }

                    @Override
                    public void execute(Runnable task) {
                        handedOff.add(task);
                    }
                };
        BatchingInvoker invoker =
                new BatchingInvoker(endpoint, batches(2, 1_000), deferring, null, 1);
        CompletableFuture<Scored> a = invoker.submit(PUMP, new double[] {1});
        invoker.submit(PUMP, new double[] {2});

        assertThat(endpoint.callCount()).isZero(); // the caller (Flink's task thread) only queued
        assertThat(handedOff).hasSize(1);
        handedOff.get(0).run();
        assertThat(endpoint.callCount()).isEqualTo(1);
        assertThat(a.join().score).isEqualTo(1.0);
    }

    @Test
    void theLingerSendsAPartialBatchAndRoutesAreNeverMixed() {
        BatchingInvoker invoker = invoker(batches(100, 20));
        CompletableFuture<Scored> pump = invoker.submit(PUMP, new double[] {1, 2});
        clock.advanceMillis(10);
        CompletableFuture<Scored> compressor = invoker.submit(COMPRESSOR, new double[] {3, 4});
        CompletableFuture<Scored> pump2 = invoker.submit(PUMP, new double[] {5, Double.NaN});

        clock.advanceMillis(10); // the pump batch's linger ends; the compressor's has 10 ms left
        assertThat(endpoint.callCount()).isEqualTo(1);
        assertThat(endpoint.calls.get(0)).hasSize(2);
        assertThat(pump.join().score).isEqualTo(3.0);
        assertThat(pump2.join().score).isEqualTo(5.0); // the missing feature went as an empty field
        assertThat(compressor).isNotDone();
        clock.advanceMillis(10);
        assertThat(compressor.join().score).isEqualTo(7.0);
    }

    @Test
    void aBatchNeverExceedsThePayloadLimit() {
        BatchingInvoker invoker =
                invoker(batches(1_000, 1_000).withMaxPayloadBytes(1024)); // bound: 66 B per row
        for (int i = 0; i < 200; i++) {
            invoker.submit(PUMP, new double[] {123.456789, 1000 + i});
        }
        invoker.flushAll();
        int rows = 0;
        for (List<double[]> call : endpoint.calls) {
            assertThat(PayloadFormat.CSV.encode(call).length).isLessThanOrEqualTo(1024);
            rows += call.size();
        }
        assertThat(rows).isEqualTo(200);
        assertThat(endpoint.callCount()).isBetween(13, 15); // 15 rows per call at most
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackoffAndCountedAsAttempts() {
        BatchingInvoker invoker = invoker(batches(2, 1_000));
        endpoint.scriptedFailures.add(Kind.THROTTLED);
        endpoint.scriptedFailures.add(Kind.SERVER_ERROR);
        CompletableFuture<Scored> a = invoker.submit(PUMP, new double[] {1});
        CompletableFuture<Scored> b = invoker.submit(PUMP, new double[] {2});

        assertThat(endpoint.callCount()).isEqualTo(1);
        assertThat(a).isNotDone();
        clock.advanceMillis(50); // first backoff: up to 50 ms
        assertThat(endpoint.callCount()).isEqualTo(2);
        clock.advanceMillis(100); // second: up to 100 ms
        assertThat(endpoint.callCount()).isEqualTo(3);
        assertThat(a.join().attempts).isEqualTo(3);
        assertThat(b.join().score).isEqualTo(2.0);
    }

    @Test
    void retriesStopAfterMaxAttemptsAndTheRowsFailWithTheirReason() {
        BatchingInvoker invoker = invoker(batches(1, 0));
        endpoint.alwaysFail = true;
        CompletableFuture<Scored> row = invoker.submit(PUMP, new double[] {1});
        clock.advanceMillis(5_000);

        assertThat(endpoint.callCount()).isEqualTo(4);
        InferenceException e = failure(row);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("gave up after 4 attempts");
    }

    @Test
    void aModelErrorIsNotRetriedButSplitSoOnlyTheBadRowFails() {
        BatchingInvoker invoker = invoker(batches(16, 1_000));
        endpoint.poisoned = row -> row[0] == 11;
        List<CompletableFuture<Scored>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(invoker.submit(PUMP, new double[] {i}));
        }

        for (int i = 0; i < 16; i++) {
            if (i == 11) {
                assertThat(failure(futures.get(i)).kind()).isEqualTo(Kind.MODEL_ERROR);
            } else {
                assertThat(futures.get(i).join().score).isEqualTo(i);
            }
        }
        // 16 -> 8+8 -> the bad half 4+4 -> 2+2 -> 1+1: 1 + 2 + 2 + 2 + 2 calls.
        assertThat(endpoint.callCount()).isEqualTo(9);
        assertThat(invoker.circuitOpen("flowcast-pump")).isFalse();
    }

    @Test
    void aDeadEndpointOpensItsCircuitAndItsRowsFailFastUntilATrialSucceeds() {
        BatchConfig config = batches(1, 0);
        BatchingInvoker invoker = invoker(config);
        endpoint.alwaysFail = true;
        for (int i = 0; i < 5; i++) {
            invoker.submit(PUMP, new double[] {i}); // 5 failed first attempts open the circuit
        }
        assertThat(invoker.circuitOpen("flowcast-pump")).isTrue();
        int calls = endpoint.callCount();

        CompletableFuture<Scored> rejected = invoker.submit(PUMP, new double[] {9});
        assertThat(failure(rejected).kind()).isEqualTo(Kind.CIRCUIT_OPEN);
        assertThat(failure(rejected).getMessage()).contains("circuit is open");
        assertThat(endpoint.callCount()).isEqualTo(calls); // no call went out
        invoker.submit(COMPRESSOR, new double[] {1}); // other endpoints are not affected
        assertThat(endpoint.callCount()).isEqualTo(calls + 1);

        endpoint.alwaysFail = false; // the endpoint recovers
        clock.advanceMillis(config.circuitOpen().toMillis());
        CompletableFuture<Scored> trial = invoker.submit(PUMP, new double[] {4});
        assertThat(trial.join().score).isEqualTo(4.0);
        assertThat(invoker.circuitOpen("flowcast-pump")).isFalse();
        assertThat(invoker.openCircuits()).isZero();
    }

    @Test
    void rowsFailWithDeadlineWhenRetriesWouldOutliveIt() {
        BatchConfig config =
                new BatchConfig(
                        1,
                        Duration.ZERO,
                        1 << 20,
                        10,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(3),
                        100,
                        Duration.ofSeconds(10),
                        null);
        BatchingInvoker invoker = invoker(config);
        endpoint.alwaysFail = true;
        endpoint.alwaysFailKind = Kind.THROTTLED;
        CompletableFuture<Scored> row = invoker.submit(PUMP, new double[] {1});
        clock.advanceMillis(10_000);

        assertThat(failure(row).kind()).isEqualTo(Kind.DEADLINE);
        assertThat(endpoint.callCount()).isLessThan(10);
    }

    @Test
    void anAnswerWithTheWrongNumberOfScoresFailsTheBatchInsteadOfShiftingScores() {
        InferenceClient wrong =
                new InferenceClient() {
                    @Override
                    public CompletableFuture<InvocationResponse> invoke(
                            ModelRoute route, byte[] body, String attributes) {
                        return CompletableFuture.completedFuture(
                                new InvocationResponse("1.0\n".getBytes(), null, null));
                    }

                    @Override
                    public void close() {}
                };
        BatchingInvoker invoker = new BatchingInvoker(wrong, batches(2, 0), clock, null, 1L);
        CompletableFuture<Scored> a = invoker.submit(PUMP, new double[] {1});
        CompletableFuture<Scored> b = invoker.submit(PUMP, new double[] {2});

        assertThat(failure(a).kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(failure(b).getMessage()).contains("1 scores for 2 rows");
    }

    @Test
    void closingFailsWaitingRowsAndClosesTheClient() {
        BatchingInvoker invoker = invoker(batches(10, 1_000));
        CompletableFuture<Scored> waiting = invoker.submit(PUMP, new double[] {1});
        invoker.close();

        assertThat(failure(waiting).kind()).isEqualTo(Kind.CONNECTION);
        assertThat(endpoint.closed).isTrue();
        assertThat(clock.pendingTasks()).isZero();
    }

    private static InferenceException failure(CompletableFuture<Scored> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            return (InferenceException) e.getCause();
        }
        throw new AssertionError("not failed");
    }
}
