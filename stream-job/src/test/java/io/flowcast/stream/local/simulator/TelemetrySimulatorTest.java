package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Pacing, limits, stop, statistics and the command line of {@link TelemetrySimulator}. */
class TelemetrySimulatorTest {

    private static final long START = 1_732_230_000_000L;

    private final ManualClock clock = new ManualClock(START);
    private final List<Long> sleeps = new ArrayList<>();

    /** Keeps every batch with the clock time it arrived at. */
    private static final class CollectingPublisher implements RecordPublisher {
        final List<TelemetryRecord> records = Collections.synchronizedList(new ArrayList<>());
        final List<Long> publishedAt = new ArrayList<>();
        private final Clock clock;
        private final Consumer<Integer> onPublish;

        CollectingPublisher(Clock clock, Consumer<Integer> onPublish) {
            this.clock = clock;
            this.onPublish = onPublish;
        }

        @Override
        public void publish(List<TelemetryRecord> batch) {
            publishedAt.add(clock.millis());
            records.addAll(batch);
            onPublish.accept(publishedAt.size());
        }
    }

    private TelemetrySimulator simulator(SimulatorOptions options, RecordPublisher publisher) {
        return new TelemetrySimulator(
                options,
                publisher,
                clock,
                ms -> {
                    sleeps.add(ms);
                    clock.advance(ms);
                });
    }

    @Test
    void publishesEveryTickOfTheDurationOnTheIntervalGrid() {
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .duration(Duration.ofSeconds(10))
                        .outOfOrderFraction(0.2)
                        .duplicateFraction(0.1)
                        .build();
        CollectingPublisher publisher = new CollectingPublisher(clock, n -> {});

        simulator(options, publisher).run();

        TelemetryGenerator reference = new TelemetryGenerator(options, START);
        List<TelemetryRecord> expected = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            expected.addAll(reference.recordsForTick(t));
        }
        expected.addAll(reference.heldBackAfterTick(9));
        assertThat(publisher.records).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(publisher.records.get(i).sameBytesAs(expected.get(i))).isTrue();
        }
        assertThat(publisher.publishedAt.subList(0, 10))
                .containsExactly(
                        START,
                        START + 1000,
                        START + 2000,
                        START + 3000,
                        START + 4000,
                        START + 5000,
                        START + 6000,
                        START + 7000,
                        START + 8000,
                        START + 9000);
        assertThat(sleeps).hasSize(9).allMatch(ms -> ms == 1000);
    }

    @Test
    void stopsAfterExactlyMaxRecords() {
        SimulatorOptions options = SimulatorOptions.builder().maxRecords(10).build();
        CollectingPublisher publisher = new CollectingPublisher(clock, n -> {});
        TelemetrySimulator simulator = simulator(options, publisher);

        simulator.run();

        // 6 assets per tick: a full tick, then 4 of the next.
        assertThat(publisher.records).hasSize(10);
        assertThat(publisher.publishedAt).hasSize(2);
        assertThat(simulator.stats().recordsSent()).isEqualTo(10);
        assertThat(simulator.stats().ticks()).isEqualTo(2);
    }

    @Test
    void catchesUpWithoutSleepingWhenBehind() {
        SimulatorOptions options =
                SimulatorOptions.builder().duration(Duration.ofSeconds(8)).build();
        // The first publish takes 5.5 s, so ticks 1 to 5 are already overdue when it returns.
        CollectingPublisher publisher =
                new CollectingPublisher(clock, n -> clock.advance(n == 1 ? 5500 : 0));

        simulator(options, publisher).run();

        assertThat(publisher.publishedAt)
                .containsExactly(
                        START,
                        START + 5500,
                        START + 5500,
                        START + 5500,
                        START + 5500,
                        START + 5500,
                        START + 6000,
                        START + 7000);
        assertThat(sleeps).containsExactly(500L, 1000L);
    }

    @Test
    void stopEndsARunningSimulationPromptly() throws Exception {
        SimulatorOptions options = SimulatorOptions.builder().interval(Duration.ofHours(1)).build();
        CountDownLatch firstTick = new CountDownLatch(1);
        CollectingPublisher publisher =
                new CollectingPublisher(Clock.systemUTC(), n -> firstTick.countDown());
        TelemetrySimulator simulator =
                new TelemetrySimulator(options, publisher, Clock.systemUTC());
        Thread runner = new Thread(simulator::run);
        runner.start();

        assertThat(firstTick.await(10, TimeUnit.SECONDS)).isTrue();
        // Stats are read from another thread while the runner waits for the next tick.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (simulator.stats().recordsSent() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        SimulationStats during = simulator.stats();
        simulator.stop();
        runner.join(5_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(during.recordsSent()).isEqualTo(6);
        assertThat(simulator.stats().ticks()).isEqualTo(1);
        assertThat(simulator.stats().recordsSent()).isEqualTo(6);
    }

    @Test
    void recordsHeldBackForOutOfOrderDeliveryAreStillSentWhenStopped() {
        SimulatorOptions options = SimulatorOptions.builder().outOfOrderFraction(0.5).build();
        TelemetrySimulator[] running = new TelemetrySimulator[1];
        // Stop after the third tick's batch, in the middle of an endless run.
        CollectingPublisher publisher =
                new CollectingPublisher(
                        clock,
                        n -> {
                            if (n == 3) {
                                running[0].stop();
                            }
                        });
        running[0] = simulator(options, publisher);

        running[0].run();

        TelemetryGenerator reference = new TelemetryGenerator(options, START);
        List<TelemetryRecord> expected = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            expected.addAll(reference.recordsForTick(t));
        }
        List<TelemetryRecord> heldBack = reference.heldBackAfterTick(2);
        assertThat(heldBack).as("the scenario holds records back").isNotEmpty();
        expected.addAll(heldBack);
        assertThat(publisher.records).hasSameSizeAs(expected);
        assertThat(running[0].stats().recordsSent()).isEqualTo(expected.size());
    }

    @Test
    void stopBeforeRunPublishesNothing() {
        CollectingPublisher publisher = new CollectingPublisher(clock, n -> {});
        TelemetrySimulator simulator = simulator(SimulatorOptions.defaults(), publisher);

        simulator.stop();
        simulator.run();

        assertThat(publisher.records).isEmpty();
    }

    @Test
    void statsCountWhatWasPublished() {
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .duration(Duration.ofSeconds(300))
                        .duplicateFraction(0.05)
                        .outOfOrderFraction(0.05)
                        .lateFraction(0.05)
                        .malformedFraction(0.05)
                        .badQualityFraction(0.05)
                        .flatFraction(0.1)
                        .build();
        CollectingPublisher publisher = new CollectingPublisher(clock, n -> {});
        TelemetrySimulator simulator = simulator(options, publisher);

        simulator.run();
        SimulationStats stats = simulator.stats();

        long samples = 0;
        long duplicates = 0;
        long late = 0;
        long outOfOrder = 0;
        long bad = 0;
        long malformed = 0;
        for (TelemetryRecord r : publisher.records) {
            samples += r.sampleCount();
            duplicates += r.isDuplicate() ? 1 : 0;
            late += r.isLate() ? 1 : 0;
            outOfOrder += r.isOutOfOrder() ? 1 : 0;
            bad += r.badQualitySamples();
            malformed += r.malformedKind().isPresent() ? 1 : 0;
        }
        assertThat(stats.ticks()).isEqualTo(300);
        assertThat(stats.recordsSent()).isEqualTo(publisher.records.size());
        assertThat(stats.samplesSent()).isEqualTo(samples);
        assertThat(stats.duplicates()).isEqualTo(duplicates).isPositive();
        assertThat(stats.late()).isEqualTo(late).isPositive();
        assertThat(stats.outOfOrder()).isEqualTo(outOfOrder).isPositive();
        assertThat(stats.badQualitySamples()).isEqualTo(bad).isPositive();
        assertThat(stats.malformed()).isEqualTo(malformed).isPositive();
        assertThat(stats.malformedByKind().values()).allMatch(n -> n > 0);
        assertThat(stats.elapsed()).isEqualTo(Duration.ofSeconds(299));
        assertThat(stats.toString())
                .contains(stats.recordsSent() + " records")
                .contains("truncated_json=");
    }

    @Test
    void aPublishFailureEndsTheRun() {
        SimulatorOptions options =
                SimulatorOptions.builder().duration(Duration.ofSeconds(10)).build();
        CollectingPublisher publisher =
                new CollectingPublisher(
                        clock,
                        n -> {
                            if (n == 3) {
                                throw new PublishException("stream 'telemetry' refused");
                            }
                        });
        TelemetrySimulator simulator = simulator(options, publisher);

        assertThatThrownBy(simulator::run).isInstanceOf(PublishException.class);
        assertThat(simulator.stats().ticks()).isEqualTo(2);
        assertThat(simulator.stats().recordsSent()).isEqualTo(12);
    }

    @Test
    void runsOnlyOnce() {
        TelemetrySimulator simulator =
                simulator(
                        SimulatorOptions.builder().maxRecords(1).build(),
                        new CollectingPublisher(clock, n -> {}));
        simulator.run();

        assertThatThrownBy(simulator::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commandLineReportsBadFlagsInOneLineWithExitCode2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                TelemetrySimulator.runCommandLine(
                        new String[] {"--interval", "soon"}, print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(text(err))
                .isEqualTo(
                        "flowcast-simulator: --interval: expected a duration such as 250ms, 30s,"
                                + " 5m, 2h or 1d, got \"soon\""
                                + System.lineSeparator());
        assertThat(text(out)).isEmpty();
    }

    @Test
    void commandLineHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                TelemetrySimulator.runCommandLine(new String[] {"--help"}, print(out), print(err));

        assertThat(code).isZero();
        assertThat(text(out)).startsWith("Usage: flowcast-simulator");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
