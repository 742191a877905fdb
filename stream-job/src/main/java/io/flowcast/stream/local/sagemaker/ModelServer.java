package io.flowcast.stream.local.sagemaker;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowcast.stream.inference.ModelVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The local stand-in for SageMaker real-time endpoints: an HTTP server on loopback answering the
 * SageMaker runtime {@code InvokeEndpoint} API ({@code POST /endpoints/{endpointName}/invocations})
 * the way {@code SageMakerRuntimeAsyncClient} with an {@code endpointOverride} expects, scoring
 * with XGBoost4J the models of a {@link ModelRegistry}. Signatures are not checked; any static
 * credentials do.
 *
 * <p><b>Endpoints.</b> Endpoint {@code flowcast-<assetType>} serves the newest complete version of
 * that asset type (see {@link #endpointName(String)}) through one production variant, {@value
 * #VARIANT}. A new version is picked up without restart: the registry is polled every {@link
 * Builder#pollInterval(Duration) poll interval} (1 s by default), and an endpoint with no model yet
 * also checks the registry when called. The old version keeps answering until the new one is
 * loaded; a version that fails to load is skipped (see {@link #loadErrors()}) and the old one
 * stays.
 *
 * <p><b>Requests.</b> {@code Content-Type} {@code text/csv} or {@code application/json} (see {@link
 * InvocationCodec}); the answer is in the {@code Accept} type if given, else the request's. Request
 * headers: {@code X-Amzn-SageMaker-Target-Variant} must be {@value #VARIANT} if present; {@code
 * X-Amzn-SageMaker-Target-Model} pins a registered version ({@code v0001}, {@code
 * v0001/model.tar.gz} or {@code v0001.tar.gz}) instead of the newest; {@code
 * X-Amzn-SageMaker-Custom-Attributes} (at most 1,024 characters) is echoed after the version.
 *
 * <p><b>Responses.</b> 200 with one prediction per row, {@code x-Amzn-Invoked-Production-Variant:
 * AllTraffic} (the SDK's {@code invokedProductionVariant()}) and {@code
 * X-Amzn-SageMaker-Custom-Attributes: model-version=v0002} (the SDK's {@code customAttributes()};
 * with request attributes {@code model-version=v0002,<request attributes>}). Errors as {@link
 * SageMakerErrors} describes: malformed input is a 424 {@code ModelError} (the container's 400), an
 * unknown endpoint, variant or model a 400 {@code ValidationError}, a body over {@value
 * #MAX_PAYLOAD_BYTES} bytes a 413 {@code ValidationError}; {@link #faults()} injects throttling,
 * 503s, model errors and latency. {@link #stats(String)} counts requests, rows and errors per
 * endpoint. {@code GET /ping} answers 200 for readiness checks.
 *
 * <p><b>Threads.</b> Requests run on a bounded pool ({@link Builder#threads(int)}, 8 by default;
 * when its queue is full the accepting thread runs the request itself, which pushes back on
 * clients). Each loaded version holds {@link Builder#boostersPerModel(int)} boosters (2 by
 * default), so at most that many rows batches of one endpoint are scored at once.
 *
 * <p><b>TCP_NODELAY.</b> The JDK server delays small responses by Nagle's algorithm and the
 * client's delayed ACK (about 600 requests/s on loopback) unless {@code sun.net.httpserver.nodelay}
 * is {@code true}. The JDK reads that property once, when the first {@code HttpServer} of the JVM
 * starts: this class sets it (unless it is set already) before it creates its server, which covers
 * every JVM in which no other {@code HttpServer} started earlier; otherwise pass {@code
 * -Dsun.net.httpserver.nodelay=true}.
 *
 * <p>Needs XGBoost4J on the classpath: a {@code provided} dependency, never inside the job jar.
 */
public final class ModelServer implements AutoCloseable {

    /** Endpoint names are this prefix plus the asset type. */
    public static final String ENDPOINT_PREFIX = "flowcast-";

    /** The single production variant of every endpoint. */
    public static final String VARIANT = "AllTraffic";

    /** SageMaker's limit on an invocation's body: 6 MB. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** SageMaker's limit on custom attributes. */
    public static final int MAX_CUSTOM_ATTRIBUTES = 1024;

    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    static final String VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";
    static final String CUSTOM_ATTRIBUTES_HEADER = "X-Amzn-SageMaker-Custom-Attributes";
    static final String TARGET_VARIANT_HEADER = "X-Amzn-SageMaker-Target-Variant";
    static final String TARGET_MODEL_HEADER = "X-Amzn-SageMaker-Target-Model";
    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    private static final String INVOCATIONS = "/invocations";
    private static final String ENDPOINTS = "/endpoints/";
    // Bodies over the limit are read and discarded up to this size so the client sees the 413
    // rather than a reset connection.
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private final ModelRegistry registry;
    private final int boostersPerModel;
    private final FaultKnobs faults;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService poller;
    private final Map<String, ScoringModel> current = new ConcurrentHashMap<>();
    private final Map<String, ScoringModel> pinned = new ConcurrentHashMap<>();
    private final Map<String, String> loadErrors = new ConcurrentHashMap<>();
    private final Map<String, EndpointStats> stats = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();
    private volatile boolean closed;

    private ModelServer(Builder builder) throws IOException {
        this.registry = new ModelRegistry(builder.registry);
        this.boostersPerModel = builder.boostersPerModel;
        this.faults = new FaultKnobs(builder.faultSeed);
        refresh();
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers =
                new ThreadPoolExecutor(
                        builder.threads,
                        builder.threads,
                        60,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(builder.queueCapacity),
                        r -> {
                            Thread t =
                                    new Thread(r, "model-server-" + threadNumber.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.CallerRunsPolicy());
        this.server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port),
                        builder.backlog);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        this.poller =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "model-registry-poll");
                            t.setDaemon(true);
                            return t;
                        });
        long pollMillis = builder.pollInterval.toMillis();
        poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** A builder for a server over the registry at {@code registryRoot}. */
    public static Builder builder(Path registryRoot) {
        return new Builder(registryRoot);
    }

    /** The endpoint name serving {@code assetType}: {@code flowcast-<assetType>}. */
    public static String endpointName(String assetType) {
        return ENDPOINT_PREFIX + ModelRegistry.checkAssetType(assetType);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URI to pass to the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create(
                "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    /** The fault knobs, adjustable while the server runs. */
    public FaultKnobs faults() {
        return faults;
    }

    /** The counters of {@code endpointName} now (zero if it was never called). */
    public EndpointStats.Snapshot stats(String endpointName) {
        EndpointStats s = stats.get(endpointName);
        return s == null ? new EndpointStats(endpointName).snapshot() : s.snapshot();
    }

    /** The counters of every endpoint called so far, by endpoint name. */
    public Map<String, EndpointStats.Snapshot> allStats() {
        Map<String, EndpointStats.Snapshot> all = new TreeMap<>();
        stats.forEach((name, s) -> all.put(name, s.snapshot()));
        return all;
    }

    /** The version {@code assetType}'s endpoint serves now, if any. */
    public Optional<String> servedVersion(String assetType) {
        ScoringModel model = current.get(assetType);
        return model == null ? Optional.empty() : Optional.of(model.version());
    }

    /** Versions that failed to load, by {@code assetType/version}, with the reason. */
    public Map<String, String> loadErrors() {
        return new TreeMap<>(loadErrors);
    }

    /**
     * Scans the registry now and loads every asset type's newest version that is not served yet
     * (the poller does this every poll interval). A version that fails to load is recorded in
     * {@link #loadErrors()} and not tried again.
     *
     * @throws IOException if the registry itself cannot be listed
     */
    public void refresh() throws IOException {
        for (String assetType : registry.assetTypes()) {
            refresh(assetType);
        }
    }

    private void refresh(String assetType) throws IOException {
        synchronized (loadLock) {
            if (closed) {
                return;
            }
            ScoringModel served = current.get(assetType);
            List<String> versions = registry.versions(assetType);
            // Newest first: the newest loadable version wins; a broken one is skipped (and not
            // tried again), never replacing what is served by something older.
            for (int i = versions.size() - 1; i >= 0; i--) {
                String version = versions.get(i);
                if (served != null
                        && ModelVersions.versionNumber(version)
                                <= ModelVersions.versionNumber(served.version())) {
                    return;
                }
                String key = assetType + "/" + version;
                if (loadErrors.containsKey(key)) {
                    continue;
                }
                ScoringModel loaded;
                try {
                    loaded =
                            ScoringModel.load(
                                    registry.version(assetType, version), boostersPerModel);
                } catch (IOException | RuntimeException e) {
                    loadErrors.put(key, String.valueOf(e.getMessage()));
                    continue;
                }
                ScoringModel previous = current.put(assetType, loaded);
                if (previous != null) {
                    previous.retire();
                }
                return;
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            loadErrors.put("<registry>", String.valueOf(e.getMessage()));
        }
    }

    /** Stops the server, the poller and the workers, and frees every loaded model. */
    @Override
    public void close() {
        synchronized (loadLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        poller.shutdownNow();
        server.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.values().forEach(ScoringModel::retire);
        pinned.values().forEach(ScoringModel::retire);
        current.clear();
        pinned.clear();
    }

    // ---------------------------------------------------------------------------------------
    // Request handling

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if ("GET".equals(exchange.getRequestMethod()) && "/ping".equals(path)) {
                send(exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String endpointName = endpointNameOf(path);
            if (endpointName == null || !"POST".equals(exchange.getRequestMethod())) {
                drain(exchange.getRequestBody());
                sendError(
                        exchange,
                        SageMakerErrors.unknownOperation(exchange.getRequestMethod() + " " + path),
                        null);
                return;
            }
            invoke(exchange, endpointName);
        } catch (IOException | RuntimeException e) {
            // The client went away or the response could not be written: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private void invoke(HttpExchange exchange, String endpointName) throws IOException {
        EndpointStats endpointStats = stats.computeIfAbsent(endpointName, EndpointStats::new);
        endpointStats.request();
        byte[] body = readBody(exchange);
        if (body == null) {
            sendError(exchange, SageMakerErrors.payloadTooLarge(MAX_PAYLOAD_BYTES), endpointStats);
            return;
        }
        Headers headers = exchange.getRequestHeaders();
        String assetType = assetTypeOf(endpointName);
        ScoringModel model = assetType == null ? null : acquireCurrent(assetType);
        if (model == null) {
            sendError(exchange, SageMakerErrors.endpointNotFound(endpointName), endpointStats);
            return;
        }
        try {
            String variant = headers.getFirst(TARGET_VARIANT_HEADER);
            if (variant != null && !variant.equals(VARIANT)) {
                sendError(
                        exchange,
                        SageMakerErrors.validation(
                                "Variant "
                                        + variant
                                        + " not found for endpoint "
                                        + endpointName
                                        + " of account "
                                        + SageMakerErrors.ACCOUNT
                                        + "."),
                        endpointStats);
                return;
            }
            String attributes = headers.getFirst(CUSTOM_ATTRIBUTES_HEADER);
            if (attributes != null && attributes.length() > MAX_CUSTOM_ATTRIBUTES) {
                sendError(
                        exchange,
                        SageMakerErrors.validation(
                                "1 validation error detected: Value at 'customAttributes' failed"
                                        + " to satisfy constraint: Member must have length less than"
                                        + " or equal to "
                                        + MAX_CUSTOM_ATTRIBUTES),
                        endpointStats);
                return;
            }
            String targetModel = headers.getFirst(TARGET_MODEL_HEADER);
            ScoringModel scoring = model;
            if (targetModel != null && !targetModel.isEmpty()) {
                String version = versionOfTargetModel(targetModel);
                if (version == null) {
                    sendError(
                            exchange,
                            SageMakerErrors.validation(
                                    "Target model "
                                            + targetModel
                                            + " not found for endpoint "
                                            + endpointName
                                            + "; use a registered version such as v0001"),
                            endpointStats);
                    return;
                }
                if (!version.equals(model.version())) {
                    scoring = pinnedModel(assetType, version);
                    if (scoring == null) {
                        sendError(
                                exchange,
                                SageMakerErrors.validation(
                                        "Target model "
                                                + targetModel
                                                + " not found for endpoint "
                                                + endpointName),
                                endpointStats);
                        return;
                    }
                }
            }
            answer(exchange, endpointName, endpointStats, scoring, body, attributes);
        } finally {
            model.release();
        }
    }

    private void answer(
            HttpExchange exchange,
            String endpointName,
            EndpointStats endpointStats,
            ScoringModel model,
            byte[] body,
            String attributes)
            throws IOException {
        FaultKnobs.Fault fault = faults.draw();
        if (fault == FaultKnobs.Fault.THROTTLE) {
            sendError(exchange, SageMakerErrors.throttling(), endpointStats);
            return;
        }
        if (fault == FaultKnobs.Fault.UNAVAILABLE) {
            sendError(
                    exchange,
                    SageMakerErrors.unavailable("Service is temporarily unavailable (injected)."),
                    endpointStats);
            return;
        }
        try {
            faults.applyLatency();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(exchange, SageMakerErrors.internalFailure("interrupted"), endpointStats);
            return;
        }
        if (fault == FaultKnobs.Fault.MODEL_ERROR) {
            sendError(
                    exchange,
                    SageMakerErrors.modelError(endpointName, 500, "injected model error"),
                    endpointStats);
            return;
        }
        Headers headers = exchange.getRequestHeaders();
        float[] predictions;
        String responseType;
        try {
            String requestType = InvocationCodec.mediaType(headers.getFirst("Content-Type"));
            responseType = InvocationCodec.responseType(headers.getFirst("Accept"), requestType);
            FeatureRows rows = InvocationCodec.parse(requestType, body, model.featureCount());
            predictions = model.predict(rows);
        } catch (ModelInputException e) {
            sendError(
                    exchange,
                    SageMakerErrors.modelError(
                            endpointName, e.originalStatusCode(), e.getMessage()),
                    endpointStats);
            return;
        } catch (XGBoostError | RuntimeException e) {
            sendError(
                    exchange,
                    SageMakerErrors.modelError(endpointName, 500, "prediction failed: " + e),
                    endpointStats);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(exchange, SageMakerErrors.internalFailure("interrupted"), endpointStats);
            return;
        }
        Headers out = exchange.getResponseHeaders();
        out.set(VARIANT_HEADER, VARIANT);
        String versionAttribute = "model-version=" + model.version();
        out.set(
                CUSTOM_ATTRIBUTES_HEADER,
                attributes == null || attributes.isEmpty()
                        ? versionAttribute
                        : versionAttribute + "," + attributes);
        send(exchange, 200, responseType, InvocationCodec.format(responseType, predictions));
        endpointStats.rows(predictions.length);
    }

    private ScoringModel acquireCurrent(String assetType) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            ScoringModel model = current.get(assetType);
            if (model == null) {
                // Not loaded yet: look once, so a type registered a moment ago answers at once.
                refresh(assetType);
                model = current.get(assetType);
                if (model == null) {
                    return null;
                }
            }
            if (model.retain()) {
                return model;
            }
            // Retired between get and retain: its successor is in the map already.
        }
        return null;
    }

    private ScoringModel pinnedModel(String assetType, String version) {
        String key = assetType + "/" + version;
        ScoringModel model = pinned.get(key);
        if (model != null) {
            return model;
        }
        synchronized (loadLock) {
            if (closed) {
                return null;
            }
            model = pinned.get(key);
            if (model == null) {
                try {
                    model =
                            ScoringModel.load(
                                    registry.version(assetType, version), boostersPerModel);
                } catch (NoSuchFileException e) {
                    return null;
                } catch (IOException | RuntimeException e) {
                    loadErrors.put(key, String.valueOf(e.getMessage()));
                    return null;
                }
                pinned.put(key, model);
            }
            return model;
        }
    }

    static String endpointNameOf(String path) {
        if (path == null || !path.startsWith(ENDPOINTS) || !path.endsWith(INVOCATIONS)) {
            return null;
        }
        String name = path.substring(ENDPOINTS.length(), path.length() - INVOCATIONS.length());
        return name.isEmpty() || name.contains("/") ? null : name;
    }

    static String assetTypeOf(String endpointName) {
        if (!endpointName.startsWith(ENDPOINT_PREFIX)) {
            return null;
        }
        String type = endpointName.substring(ENDPOINT_PREFIX.length());
        return type.isEmpty() || type.startsWith(".") ? null : type;
    }

    static String versionOfTargetModel(String targetModel) {
        String v = targetModel.startsWith("/") ? targetModel.substring(1) : targetModel;
        if (v.endsWith("/" + ModelRegistry.MODEL_ARCHIVE)) {
            v = v.substring(0, v.length() - ModelRegistry.MODEL_ARCHIVE.length() - 1);
        } else if (v.endsWith(".tar.gz")) {
            v = v.substring(0, v.length() - ".tar.gz".length());
        }
        return ModelVersions.isVersionName(v) ? v : null;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_PAYLOAD_BYTES) {
                    drain(in);
                    return null;
                }
            } catch (NumberFormatException e) {
                // The JDK server rejects such requests itself; read what comes.
            }
        }
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (body.length > MAX_PAYLOAD_BYTES) {
            drain(in);
            return null;
        }
        return body;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while (total < MAX_DRAIN_BYTES && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private static void sendError(
            HttpExchange exchange, SageMakerErrors.ErrorResponse error, EndpointStats stats)
            throws IOException {
        if (stats != null) {
            stats.error(error.errorType());
        }
        exchange.getResponseHeaders().set(SageMakerErrors.ERROR_TYPE_HEADER, error.errorType());
        send(exchange, error.status(), "application/json", error.body());
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", contentType);
        out.set(REQUEST_ID_HEADER, UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** Settings of a {@link ModelServer}; every one has a default, documented on its setter. */
    public static final class Builder {
        private final Path registry;
        private int port = 0;
        private int threads = 8;
        private int queueCapacity = 256;
        private int backlog = 128;
        private int boostersPerModel = 2;
        private Duration pollInterval = Duration.ofSeconds(1);
        private long faultSeed = 42;

        private Builder(Path registry) {
            this.registry = Objects.requireNonNull(registry, "registry root must not be null");
        }

        /** The loopback port; default 0 (any free port, see {@link ModelServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Worker threads answering requests; default 8. */
        public Builder threads(int threads) {
            this.threads = positive(threads, "threads");
            return this;
        }

        /** Requests waiting for a worker before the accepting thread runs them; default 256. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = positive(queueCapacity, "queueCapacity");
            return this;
        }

        /** The listen backlog of the server socket; default 128. */
        public Builder backlog(int backlog) {
            this.backlog = positive(backlog, "backlog");
            return this;
        }

        /** Boosters per loaded version, the bound on concurrent scoring; default 2. */
        public Builder boostersPerModel(int boostersPerModel) {
            this.boostersPerModel = positive(boostersPerModel, "boostersPerModel");
            return this;
        }

        /** How often the registry is scanned for new versions; default 1 s. */
        public Builder pollInterval(Duration pollInterval) {
            Objects.requireNonNull(pollInterval, "pollInterval must not be null");
            if (pollInterval.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "pollInterval must be at least 1 ms, got " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /** The seed of the fault knobs' random draws; default 42. */
        public Builder faultSeed(long faultSeed) {
            this.faultSeed = faultSeed;
            return this;
        }

        /**
         * Loads the registry's newest versions and starts listening.
         *
         * @throws UncheckedIOException if the registry cannot be listed or the port is taken
         */
        public ModelServer start() {
            try {
                return new ModelServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start the model server: " + e.getMessage(), e);
            }
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
