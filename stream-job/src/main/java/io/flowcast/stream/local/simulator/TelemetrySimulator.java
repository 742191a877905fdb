package io.flowcast.stream.local.simulator;

import io.flowcast.stream.local.LoopbackCredentials;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs a simulation: generates each tick's records and hands them to a {@link RecordPublisher},
 * paced by a clock.
 *
 * <p>In: options, a publisher, a clock. Out: records published, and {@link #stats()} counting them.
 * Embedded use (the local run, tests): construct, call {@link #run()} on a thread of your own,
 * {@link #stop()} from any thread. {@code main} is the command line: it publishes to Kinesis.
 *
 * <p>Pacing: tick {@code n} is stamped and due at {@code start + n * interval} on the clock. When
 * the runner is ahead it waits; when it has fallen behind (a slow publisher, a paused JVM) it
 * publishes the overdue ticks back to back without waiting until it has caught up, so timestamps
 * stay on the grid and no tick is skipped.
 *
 * <p>The run ends when the simulated duration is covered (records held back for out-of-order
 * delivery are then still sent), when {@code maxRecords} records are sent (the last tick is cut
 * short to hit the number exactly), or on {@link #stop()}. A {@link PublishException} ends the run
 * and propagates from {@link #run()}.
 */
public final class TelemetrySimulator {

    private static final String NAME = "flowcast-simulator";

    /** Waits up to the given time; may return early once a stop has been requested. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final SimulatorOptions options;
    private final RecordPublisher publisher;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PlantModel plant;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();

    private final Object statsLock = new Object();
    private long ticks;
    private long recordsSent;
    private long samplesSent;
    private long duplicates;
    private long outOfOrder;
    private long late;
    private long badQualitySamples;
    private final EnumMap<MalformedKind, Long> malformed = new EnumMap<>(MalformedKind.class);
    private long startMillis = -1;
    private long endMillis = -1;

    /**
     * A simulator that waits on the clock between ticks.
     *
     * @param options what to simulate; the target fields (endpoint, region, stream) are not used
     *     here, they belong to the publisher
     * @param publisher receives each tick's records; not closed by the simulator
     * @param clock the start time and the pacing; {@code Clock.systemUTC()} outside tests
     */
    public TelemetrySimulator(SimulatorOptions options, RecordPublisher publisher, Clock clock) {
        this(options, publisher, clock, null);
    }

    TelemetrySimulator(
            SimulatorOptions options, RecordPublisher publisher, Clock clock, Sleeper sleeper) {
        this.options = Objects.requireNonNull(options, "options");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper =
                sleeper != null ? sleeper : ms -> stopRequested.await(ms, TimeUnit.MILLISECONDS);
        this.plant = PlantModel.of(options);
    }

    /** The plant being simulated (the same for the same options, before or after the run). */
    public PlantModel plant() {
        return plant;
    }

    /**
     * Publishes ticks until the duration is covered, {@code maxRecords} are sent, or {@link
     * #stop()} is called. Returns early, with the interrupt flag set, if the thread is interrupted.
     *
     * @throws IllegalStateException if called a second time
     * @throws PublishException if the publisher gives up; the run stops there
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a simulator runs only once; create a new one");
        }
        long start = clock.millis();
        synchronized (statsLock) {
            startMillis = start;
        }
        TelemetryGenerator generator = new TelemetryGenerator(options, plant, start);
        long intervalMillis = options.interval().toMillis();
        long durationMillis = options.duration().toMillis();
        long tickLimit =
                durationMillis == 0
                        ? Long.MAX_VALUE
                        : (durationMillis + intervalMillis - 1) / intervalMillis;
        try {
            long tick = 0;
            boolean limitReached = false;
            while (tick < tickLimit && !stopRequested()) {
                long due = generator.tickTimestamp(tick);
                long wait;
                while ((wait = due - clock.millis()) > 0 && !stopRequested()) {
                    sleeper.sleep(wait);
                }
                if (stopRequested()) {
                    break;
                }
                limitReached = !publishWithinLimit(generator.recordsForTick(tick));
                synchronized (statsLock) {
                    ticks++;
                }
                tick++;
                if (limitReached) {
                    break;
                }
            }
            if (tick > 0 && !limitReached) {
                // Records held back to arrive out of order are still sent, also on stop(): a
                // gateway flushes its buffer, and a stopped run must not discard what it made.
                publishWithinLimit(generator.heldBackAfterTick(tick - 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (statsLock) {
                endMillis = clock.millis();
            }
        }
    }

    /** The first tick's time, epoch ms; -1 before {@link #run()} started. */
    public long startEpochMillis() {
        synchronized (statsLock) {
            return startMillis;
        }
    }

    /** Asks a running (or not yet started) simulation to end; safe from any thread, idempotent. */
    public void stop() {
        stopRequested.countDown();
    }

    /** A consistent snapshot of the counters; safe from any thread, during or after the run. */
    public SimulationStats stats() {
        synchronized (statsLock) {
            long elapsedMillis;
            if (startMillis < 0) {
                elapsedMillis = 0;
            } else if (endMillis >= 0) {
                elapsedMillis = endMillis - startMillis;
            } else {
                elapsedMillis = clock.millis() - startMillis;
            }
            return new SimulationStats(
                    ticks,
                    recordsSent,
                    samplesSent,
                    duplicates,
                    outOfOrder,
                    late,
                    badQualitySamples,
                    malformed,
                    Duration.ofMillis(Math.max(0, elapsedMillis)));
        }
    }

    private boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Publishes up to the record limit; false once the limit is reached. */
    private boolean publishWithinLimit(List<TelemetryRecord> records) {
        List<TelemetryRecord> toSend = records;
        boolean limitReached = false;
        long max = options.maxRecords();
        if (max > 0) {
            long remaining;
            synchronized (statsLock) {
                remaining = max - recordsSent;
            }
            if (remaining <= toSend.size()) {
                toSend = toSend.subList(0, (int) Math.max(0, remaining));
                limitReached = true;
            }
        }
        if (!toSend.isEmpty()) {
            publisher.publish(toSend);
            count(toSend);
        }
        return !limitReached;
    }

    private void count(List<TelemetryRecord> sent) {
        synchronized (statsLock) {
            for (TelemetryRecord r : sent) {
                recordsSent++;
                samplesSent += r.sampleCount();
                badQualitySamples += r.badQualitySamples();
                if (r.isDuplicate()) {
                    duplicates++;
                }
                if (r.isOutOfOrder()) {
                    outOfOrder++;
                }
                if (r.isLate()) {
                    late++;
                }
                if (r.malformedKind().isPresent()) {
                    malformed.merge(r.malformedKind().get(), 1L, Long::sum);
                }
            }
        }
    }

    /**
     * Command line: publishes to Kinesis until the duration or record limit is reached or Ctrl-C,
     * then prints a one-line summary. Exit code 2 for invalid flags, 1 if publishing failed.
     */
    public static void main(String[] args) {
        int code = runCommandLine(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int runCommandLine(String[] args, PrintStream out, PrintStream err) {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (SimulatorOptions.InvalidOptionException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(SimulatorOptions.usage());
            return 0;
        }
        if (options.endpoint().isPresent()
                && LoopbackCredentials.useDummyCredentialsForLoopback(options.endpoint().get())) {
            err.println(NAME + ": no AWS credentials set; using dummy ones for the local endpoint");
        }
        KinesisPublisher publisher;
        try {
            publisher = KinesisPublisher.create(options);
        } catch (SdkException | IllegalArgumentException e) {
            err.println(NAME + ": cannot create the Kinesis client: " + e.getMessage());
            return 1;
        }
        TelemetrySimulator simulator =
                new TelemetrySimulator(options, publisher, Clock.systemUTC());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            simulator.stop();
                            try {
                                // Let run() return and the summary print before the JVM exits.
                                finished.await(15, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        NAME + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService progress =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, NAME + "-progress");
                            t.setDaemon(true);
                            return t;
                        });
        progress.scheduleAtFixedRate(
                () -> err.println(NAME + ": " + simulator.stats()), 30, 30, TimeUnit.SECONDS);
        err.println(NAME + ": publishing " + options);
        int code = 0;
        try {
            simulator.run();
        } catch (PublishException e) {
            err.println(NAME + ": " + e.getMessage());
            code = 1;
        } catch (RuntimeException e) {
            err.println(NAME + ": stopped by an unexpected error: " + e);
            code = 1;
        } finally {
            progress.shutdownNow();
            publisher.close();
            out.println(NAME + ": sent " + simulator.stats());
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is already running and has been released above.
        }
        return code;
    }
}
