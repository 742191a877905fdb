package io.flowcast.stream.inference;

import io.flowcast.stream.inference.InferenceException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces single rows bound for the same {@link ModelRoute} into batched {@code InvokeEndpoint}
 * calls and maps the scores back to their rows, with retries, batch splitting and a circuit breaker
 * per endpoint. Pure Java (no Flink types): the Flink async function adapts it.
 *
 * <p><b>Batching:</b> a batch is sent when it holds {@link BatchConfig#maxRows()} rows, when the
 * next row would take it over {@link BatchConfig#maxPayloadBytes()}, or {@link
 * BatchConfig#linger()} after its first row, whichever comes first. Nothing blocks the caller:
 * {@link #submit} only appends to the batch; encoding, calls and their callbacks run on the
 * scheduler's and the client's threads. The payload bound uses {@link
 * PayloadFormat#encodedSizeBound}, so a row is never formatted twice.
 *
 * <p><b>Failures:</b> throttling, 5xx and connection errors are retried with full-jitter
 * exponential backoff (delay uniform in [0, min(cap, base * 2^(retry-1)))) up to {@link
 * BatchConfig#maxAttempts()} and never past a row's deadline ({@link BatchConfig#deadline()} after
 * submission). A model error is not retried: the batch is split in halves until the rows the model
 * rejects stand alone, and only those fail ({@link Kind#MODEL_ERROR}). Validation errors and
 * answers that cannot be mapped back fail their rows at once. After {@link
 * BatchConfig#circuitFailureThreshold()} consecutive failed calls an endpoint's circuit opens: its
 * rows fail at once ({@link Kind#CIRCUIT_OPEN}) for {@link BatchConfig#circuitOpen()}, then one
 * trial call decides.
 *
 * <p><b>Out:</b> every submitted row's future completes exactly once: with a {@link Scored}, or
 * exceptionally with an {@link InferenceException} saying why. Thread-safe.
 */
public final class BatchingInvoker implements AutoCloseable {

    /** A row's score and how it was obtained. */
    public static final class Scored {
        public final double score;
        public final int attempts;
        public final long latencyNanos;
        public final String variant;
        public final String modelVersion;

        Scored(double score, int attempts, long latencyNanos, String variant, String version) {
            this.score = score;
            this.attempts = attempts;
            this.latencyNanos = latencyNanos;
            this.variant = variant;
            this.modelVersion = version;
        }
    }

    /** Hooks for metrics; every method may be called from any thread. */
    public interface Listener {
        /** A call with {@code rows} rows goes out. */
        default void onCall(ModelRoute route, int rows) {}

        /** A failed call will be retried. */
        default void onRetry(ModelRoute route, Kind kind) {}

        /** A batch rejected by the model is split. */
        default void onSplit(ModelRoute route, int rows) {}

        /** Rows failed for good. */
        default void onRowsFailed(ModelRoute route, Kind kind, int rows) {}

        /** A call's round trip. */
        default void onCallLatency(ModelRoute route, long nanos) {}
    }

    /** The custom attribute under which the model server names the model version. */
    public static final String MODEL_VERSION_ATTRIBUTE = "model-version";

    private final InferenceClient client;
    private final BatchConfig config;
    private final Scheduler scheduler;
    private final Listener listener;
    private final Random random;

    private final Map<ModelRoute, Pending> pending = new HashMap<>();
    private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
    private boolean closed;

    BatchingInvoker(
            InferenceClient client,
            BatchConfig config,
            Scheduler scheduler,
            Listener listener,
            long seed) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = listener == null ? new Listener() {} : listener;
        this.random = new Random(seed);
    }

    /**
     * Adds {@code row} (features in the model's order, NaN for missing) to its route's batch.
     *
     * @return completes with the row's score, or exceptionally with an {@link InferenceException}
     */
    public CompletableFuture<Scored> submit(ModelRoute route, double[] row) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(row, "row");
        long now = scheduler.nanoTime();
        Item item = new Item(row, now, now + config.deadline().toNanos());
        int size = route.format().encodedSizeBound(row);
        List<Item> full = null;
        List<Item> overflow = null;
        synchronized (this) {
            if (closed) {
                item.future.completeExceptionally(
                        new InferenceException(Kind.CONNECTION, "the inference client is closed"));
                return item.future;
            }
            Pending batch = pending.get(route);
            if (batch != null && batch.bytes + size > config.maxPayloadBytes()) {
                overflow = take(route, batch);
                batch = null;
            }
            if (batch == null) {
                Pending created = new Pending();
                batch = created;
                pending.put(route, created);
                created.cancelLinger =
                        scheduler.schedule(() -> flush(route, created), config.linger().toNanos());
            }
            batch.items.add(item);
            batch.bytes += size;
            if (batch.items.size() >= config.maxRows()) {
                full = take(route, batch);
            }
        }
        // Encoding and the SDK call (request signing included) are real work: they run on the
        // scheduler's thread, never on the caller's (the Flink task thread).
        if (overflow != null) {
            List<Item> batch = overflow;
            scheduler.execute(() -> dispatch(route, batch));
        }
        if (full != null) {
            List<Item> batch = full;
            scheduler.execute(() -> dispatch(route, batch));
        }
        return item.future;
    }

    /** Sends every waiting batch now (e.g. at end of input). */
    public void flushAll() {
        List<Map.Entry<ModelRoute, List<Item>>> batches = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<ModelRoute, Pending> e : new ArrayList<>(pending.entrySet())) {
                batches.add(Map.entry(e.getKey(), take(e.getKey(), e.getValue())));
            }
        }
        for (Map.Entry<ModelRoute, List<Item>> b : batches) {
            dispatch(b.getKey(), b.getValue());
        }
    }

    /** True if the endpoint's circuit is open. */
    public boolean circuitOpen(String endpoint) {
        CircuitBreaker c = circuits.get(endpoint);
        return c != null && c.isOpen();
    }

    /** Number of endpoints whose circuit is open. */
    public int openCircuits() {
        int open = 0;
        for (CircuitBreaker c : circuits.values()) {
            open += c.isOpen() ? 1 : 0;
        }
        return open;
    }

    /** Fails the rows still waiting for a batch and closes the client. */
    @Override
    public void close() {
        List<Item> dropped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Map.Entry<ModelRoute, Pending> e : new ArrayList<>(pending.entrySet())) {
                dropped.addAll(take(e.getKey(), e.getValue()));
            }
        }
        for (Item item : dropped) {
            item.future.completeExceptionally(
                    new InferenceException(Kind.CONNECTION, "the inference client was closed"));
        }
        client.close();
    }

    private void flush(ModelRoute route, Pending batch) {
        List<Item> items;
        synchronized (this) {
            if (pending.get(route) != batch) {
                return; // already sent because it filled up
            }
            items = take(route, batch);
        }
        dispatch(route, items);
    }

    /** Removes {@code batch} from the waiting ones; caller holds the lock. */
    private List<Item> take(ModelRoute route, Pending batch) {
        pending.remove(route);
        if (batch.cancelLinger != null) {
            batch.cancelLinger.run();
        }
        return batch.items;
    }

    private void dispatch(ModelRoute route, List<Item> items) {
        long now = scheduler.nanoTime();
        List<Item> live = new ArrayList<>(items.size());
        List<Item> expired = new ArrayList<>();
        for (Item item : items) {
            (item.deadline > now ? live : expired).add(item);
        }
        fail(route, expired, Kind.DEADLINE, "no answer within the deadline", null);
        if (live.isEmpty()) {
            return;
        }
        CircuitBreaker circuit =
                circuits.computeIfAbsent(
                        route.endpoint(),
                        e ->
                                new CircuitBreaker(
                                        config.circuitFailureThreshold(),
                                        config.circuitOpen().toNanos()));
        if (!circuit.allow(now)) {
            fail(
                    route,
                    live,
                    Kind.CIRCUIT_OPEN,
                    "endpoint " + route.endpoint() + " failed repeatedly; its circuit is open",
                    null);
            return;
        }
        List<double[]> rows = new ArrayList<>(live.size());
        for (Item item : live) {
            item.attempts++;
            rows.add(item.row);
        }
        listener.onCall(route, live.size());
        CompletableFuture<InvocationResponse> call;
        try {
            call =
                    Objects.requireNonNull(
                            client.invoke(
                                    route, route.format().encode(rows), config.customAttributes()),
                            "client returned null");
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        long sentAt = now;
        call.whenComplete(
                (response, error) -> {
                    try {
                        onAnswer(route, live, circuit, sentAt, response, error);
                    } catch (RuntimeException e) {
                        fail(route, live, Kind.BAD_RESPONSE, "handling the answer failed", e);
                    }
                });
    }

    private void onAnswer(
            ModelRoute route,
            List<Item> items,
            CircuitBreaker circuit,
            long sentAt,
            InvocationResponse response,
            Throwable error) {
        long now = scheduler.nanoTime();
        listener.onCallLatency(route, now - sentAt);
        if (error == null) {
            circuit.onSuccess();
            double[] scores;
            try {
                scores = route.format().decode(response.body(), items.size());
            } catch (PayloadException e) {
                fail(route, items, Kind.BAD_RESPONSE, e.getMessage(), e);
                return;
            }
            String version = response.attribute(MODEL_VERSION_ATTRIBUTE);
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                item.future.complete(
                        new Scored(
                                scores[i],
                                item.attempts,
                                now - item.submittedAt,
                                response.invokedVariant(),
                                version));
            }
            return;
        }
        InferenceException failure = classify(error);
        Kind kind = failure.kind();
        if (kind == Kind.MODEL_ERROR) {
            circuit.onSuccess(); // the endpoint answered; the input is at fault
            if (items.size() == 1) {
                fail(route, items, kind, failure.getMessage(), failure);
                return;
            }
            listener.onSplit(route, items.size());
            int half = items.size() / 2;
            dispatch(route, new ArrayList<>(items.subList(0, half)));
            dispatch(route, new ArrayList<>(items.subList(half, items.size())));
            return;
        }
        if (!kind.retryable()) {
            circuit.onSuccess();
            fail(route, items, kind, failure.getMessage(), failure);
            return;
        }
        circuit.onFailure(now);
        long delay = backoffNanos(items.get(0).retries + 1);
        List<Item> again = new ArrayList<>(items.size());
        List<Item> exhausted = new ArrayList<>();
        List<Item> late = new ArrayList<>();
        for (Item item : items) {
            if (item.retries + 1 >= config.maxAttempts()) {
                exhausted.add(item);
            } else if (item.deadline <= now + delay) {
                late.add(item);
            } else {
                item.retries++;
                again.add(item);
            }
        }
        fail(
                route,
                exhausted,
                kind,
                failure.getMessage() + " (gave up after " + config.maxAttempts() + " attempts)",
                failure);
        fail(route, late, Kind.DEADLINE, "deadline reached while retrying: " + failure, failure);
        if (!again.isEmpty()) {
            listener.onRetry(route, kind);
            scheduler.schedule(() -> dispatch(route, again), delay);
        }
    }

    private long backoffNanos(int retry) {
        double cap = config.backoffCap().toNanos();
        double exp = config.backoffBase().toNanos() * Math.pow(2, retry - 1);
        double bound = Math.min(cap, exp);
        synchronized (random) {
            return (long) (random.nextDouble() * bound);
        }
    }

    private void fail(
            ModelRoute route, List<Item> items, Kind kind, String message, Throwable cause) {
        if (items.isEmpty()) {
            return;
        }
        listener.onRowsFailed(route, kind, items.size());
        for (Item item : items) {
            item.future.completeExceptionally(
                    new InferenceException(
                            kind,
                            message + " [" + route + ", attempts " + item.attempts + "]",
                            cause));
        }
    }

    private static InferenceException classify(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof InferenceException) {
            return (InferenceException) t;
        }
        return new InferenceException(Kind.CONNECTION, String.valueOf(t.getMessage()), t);
    }

    /** One row on its way. */
    private static final class Item {
        final double[] row;
        final long submittedAt;
        final long deadline;
        final CompletableFuture<Scored> future = new CompletableFuture<>();
        int attempts;
        int retries;

        Item(double[] row, long submittedAt, long deadline) {
            this.row = row;
            this.submittedAt = submittedAt;
            this.deadline = deadline;
        }
    }

    /** A batch being filled. */
    private static final class Pending {
        final List<Item> items = new ArrayList<>();
        int bytes;
        Runnable cancelLinger;
    }
}
