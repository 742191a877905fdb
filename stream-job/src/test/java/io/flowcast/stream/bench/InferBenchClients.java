package io.flowcast.stream.bench;

import io.flowcast.stream.inference.InferenceClient;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InvocationResponse;
import io.flowcast.stream.inference.ModelRoute;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Wraps the production {@link InferenceClientFactory} ({@code SageMakerInferenceClient.factory})
 * for both of {@link InferenceBenchmark}'s scenarios, so their calls are counted and timed the same
 * way: every {@code InvokeEndpoint} call is reported to the job's {@link InferBenchRun} with its
 * rows (lines of the CSV body) and its round trip from {@code invoke} to completion, the span the
 * inference function's {@code inferenceCallLatencyMicros} histogram measures. Outcomes pass through
 * unchanged.
 */
final class InferBenchClients {

    private InferBenchClients() {}

    /** Creates clients that report their calls to run {@code runId}. */
    static final class CountingFactory implements InferenceClientFactory {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final InferenceClientFactory delegate;

        CountingFactory(String runId, InferenceClientFactory delegate) {
            this.runId = Objects.requireNonNull(runId, "runId");
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public InferenceClient create() {
            return new CountingClient(InferBenchRun.get(runId), delegate.create());
        }
    }

    private static final class CountingClient implements InferenceClient {
        private final InferBenchRun run;
        private final InferenceClient delegate;

        CountingClient(InferBenchRun run, InferenceClient delegate) {
            this.run = run;
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public CompletableFuture<InvocationResponse> invoke(
                ModelRoute route, byte[] body, String customAttributes) {
            InferBenchRun.Call call = run.callStarted(lines(body));
            CompletableFuture<InvocationResponse> out = new CompletableFuture<>();
            delegate.invoke(route, body, customAttributes)
                    .whenComplete(
                            (value, error) -> {
                                call.done(error == null);
                                // Completed with the delegate's own outcome, not a wrapped one.
                                if (error != null) {
                                    out.completeExceptionally(error);
                                } else {
                                    out.complete(value);
                                }
                            });
            return out;
        }

        @Override
        public void close() {
            delegate.close();
        }

        /** Rows of a CSV body: one per line. */
        private static int lines(byte[] body) {
            int n = 0;
            for (byte b : body) {
                if (b == '\n') {
                    n++;
                }
            }
            return n;
        }
    }
}
