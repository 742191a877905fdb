package io.flowcast.stream.bench;

import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.sagemaker.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import ml.dmlc.xgboost4j.java.Booster;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * Throughput of the local SageMaker stand-in through the real async SDK client: CSV requests of
 * {@code rows} rows (default 100), {@code inFlight} concurrent calls (default 32), for {@code
 * seconds} (default 10) after a 3 s warm-up. Prints requests/s and rows/s; asserts nothing.
 *
 * <p>Run with the test classpath, arguments {@code rows inFlight seconds}, e.g. {@code java -cp
 * target/test-classes:target/classes:<test classpath> io.flowcast.stream.bench.ModelServerBenchmark
 * 100 32 10}.
 */
public final class ModelServerBenchmark {

    private ModelServerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path registry = Files.createTempDirectory("model-registry-bench");
        Booster booster = TinyModels.train(0, 30);
        new ModelRegistryWriter(registry)
                .registerNext(TinyModels.metadata("pump"), booster.toByteArray("ubj"));
        String body = csv(TinyModels.rows(rows, 3));
        try (ModelServer server = ModelServer.builder(registry).start();
                SageMakerRuntimeAsyncClient client =
                        SageMakerRuntimeAsyncClient.builder()
                                .endpointOverride(server.endpoint())
                                .region(Region.US_EAST_1)
                                .credentialsProvider(
                                        StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create("fake", "fake")))
                                .httpClientBuilder(
                                        NettyNioAsyncHttpClient.builder()
                                                .maxConcurrency(inFlight * 2))
                                .build()) {
            run(client, body, inFlight, 3_000);
            long start = System.nanoTime();
            long requests = run(client, body, inFlight, seconds * 1_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "model server: %d-row CSV requests, %d in flight, %.1f s: %.0f requests/s,"
                            + " %.0f rows/s (nodelay=%s)%n",
                    rows,
                    inFlight,
                    elapsed,
                    requests / elapsed,
                    requests * rows / elapsed,
                    System.getProperty("sun.net.httpserver.nodelay"));
            System.out.println("  " + server.stats(ModelServer.endpointName("pump")));
        } finally {
            booster.dispose();
        }
    }

    private static long run(
            SageMakerRuntimeAsyncClient client, String body, int inFlight, long millis)
            throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        SdkBytes payload = SdkBytes.fromUtf8String(body);
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            slots.acquire();
            CompletableFuture<?> call =
                    client.invokeEndpoint(
                            r ->
                                    r.endpointName("flowcast-pump")
                                            .contentType("text/csv")
                                            .body(payload));
            call.whenComplete(
                    (response, error) -> {
                        (error == null ? done : failed).incrementAndGet();
                        slots.release();
                    });
        }
        slots.acquire(inFlight);
        if (failed.get() > 0) {
            System.out.println("  failed calls: " + failed.get());
        }
        return done.get();
    }

    private static String csv(float[] values) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < values.length / 3; r++) {
            for (int c = 0; c < 3; c++) {
                float v = values[r * 3 + c];
                out.append(c == 0 ? "" : ",").append(Float.isNaN(v) ? "" : Float.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
