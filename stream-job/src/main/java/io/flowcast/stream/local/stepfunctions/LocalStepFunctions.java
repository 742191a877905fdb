package io.flowcast.stream.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for AWS Step Functions (Standard workflows): an HTTP server on loopback
 * answering the Step Functions API the way the AWS SDK v2 {@code SfnClient} with an {@code
 * endpointOverride} expects, running each execution with the {@link ExecutionRunner} of its state
 * machine. Signatures are not checked; any static credentials do.
 *
 * <p><b>Protocol.</b> AWS JSON 1.0: {@code POST /} with {@code X-Amz-Target:
 * AWSStepFunctions.<Operation>} and a JSON body; answers {@code application/x-amz-json-1.0}.
 * Timestamps are epoch seconds with milliseconds. Errors are {@code {"__type":..., "message":...}}
 * (also in {@code x-amzn-ErrorType}) with status 400 for every modelled error, which the SDK turns
 * into the typed exception of the same name ({@code ExecutionAlreadyExistsException}, ...). Other
 * operations answer 400 {@code UnknownOperationException}.
 *
 * <ul>
 *   <li>{@code StartExecution} {stateMachineArn, name?, input?}: the state machine must be one the
 *       server was {@linkplain Builder#stateMachine configured} with ({@code InvalidArn} if the
 *       text is no state machine ARN, else {@code StateMachineDoesNotExist}). A missing name is a
 *       random UUID; a name that breaks {@linkplain ExecutionNames the naming rule} is {@code
 *       InvalidName}. A missing input is {@code {}}; input that is not a JSON object is {@code
 *       InvalidExecutionInput} (Step Functions accepts any JSON text; the retraining runner needs
 *       an object). A name used before for this state machine is answered as Step Functions answers
 *       it: while that execution is RUNNING and the input is identical (same text), with the first
 *       execution's ARN and start date and nothing new started; when it has ended, or the input
 *       differs, with {@code ExecutionAlreadyExists}. Names are never released (Step Functions
 *       keeps them 90 days; the stand-in forgets everything when closed). Otherwise the execution
 *       {@code arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<name>} is
 *       created RUNNING and queued. (Sources: the StartExecution API reference on {@code name}:
 *       "when the original execution is open and the execution input from the new call is
 *       identical, the Success message is returned; when the original execution is closed, the
 *       ExecutionAlreadyExists message is returned regardless of input"; and the developer guide's
 *       "Execution guarantees" for Standard workflows.)
 *   <li>{@code DescribeExecution} {executionArn}: name, state machine, status, start and stop date,
 *       input, output (SUCCEEDED), error and cause (FAILED, ABORTED); {@code ExecutionDoesNotExist}
 *       for an unknown ARN, {@code InvalidArn} for text that is no execution ARN.
 *   <li>{@code ListExecutions} {stateMachineArn, statusFilter?, maxResults?, nextToken?}: newest
 *       first; {@code maxResults} 0 (the default, meaning 100) to 1000; {@code nextToken} pages on
 *       from the last execution of the previous page, so executions started meanwhile do not shift
 *       pages ({@code InvalidToken} for a token this server did not issue).
 * </ul>
 *
 * <p><b>Running.</b> One execution at a time, in start order, on a single worker thread (all state
 * machines share it): queued executions are RUNNING, as Step Functions has no queued status. The
 * runner's output must be JSON text, else the execution fails. An {@link ExecutionFailedException}
 * fails the execution with its error and cause; any other {@link Throwable} (including an {@link
 * Error}) fails it with {@value #RUNTIME_ERROR} and the exception's message as cause. No execution
 * is lost: each ends SUCCEEDED, FAILED or ABORTED, and the {@linkplain Builder#listener listeners}
 * hear of it. {@link #executions()} and {@link #awaitIdle(Duration)} serve tests and the local
 * run's console.
 *
 * <p><b>Closing.</b> {@link #close()} stops accepting requests, aborts the executions still queued,
 * lets the running one finish for up to {@linkplain Builder#closeTimeout(Duration) the close
 * timeout}, then interrupts it: if it then ends by throwing it is ABORTED (if it ends normally its
 * result counts), and if it has not ended after a further grace of the same length it is recorded
 * ABORTED and its thread (a daemon) left behind.
 *
 * <p><b>TCP_NODELAY.</b> Like {@code ModelServer}, this sets {@code sun.net.httpserver.nodelay}
 * (unless set) before creating its server: the JDK reads it once, when the JVM's first {@code
 * HttpServer} starts, so whichever stand-in starts first must set it for both.
 */
public final class LocalStepFunctions implements AutoCloseable {

    /** The error of an execution whose runner threw anything but an ExecutionFailedException. */
    public static final String RUNTIME_ERROR = "States.Runtime";

    /** The error recorded on executions aborted by {@link #close()}. */
    public static final String ABORTED_ERROR = "Flowcast.LocalStepFunctionsClosed";

    /** The {@code X-Amz-Target} prefix of every operation. */
    static final String TARGET_PREFIX = "AWSStepFunctions.";

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    // Step Functions' own payload limit is 256 KiB for the input; whole requests over 1 MiB are
    // refused without being parsed.
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final String TOKEN_PREFIX = "flowcast-local-sfn:";

    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:(aws[a-z-]*):states:([a-z0-9-]+):(\\d{12}):stateMachine:([^:]+)");
    private static final Pattern EXECUTION_ARN =
            Pattern.compile(
                    "arn:(aws[a-z-]*):states:([a-z0-9-]+):(\\d{12}):execution:([^:]+):([^:]+)");
    private static final List<String> STATUSES =
            List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

    private static final Logger LOG = LoggerFactory.getLogger(LocalStepFunctions.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // One JSON document and nothing after it, for execution input and runner output.
    private static final ObjectReader STRICT =
            MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, StateMachine> stateMachines;
    private final List<ExecutionListener> listeners;
    private final Duration closeTimeout;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final Thread worker;

    // Guarded by lock: every execution by ARN in start order, the queue, the one running.
    private final Object lock = new Object();
    private final Map<String, Entry> executions = new LinkedHashMap<>();
    private final Deque<Entry> queue = new ArrayDeque<>();
    private Entry running;
    private int open;
    private long nextSequence;
    private boolean closing;
    private volatile boolean interruptedByClose;

    private LocalStepFunctions(Builder builder) throws IOException {
        this.stateMachines = new LinkedHashMap<>(builder.stateMachines);
        this.listeners = List.copyOf(builder.listeners);
        this.closeTimeout = builder.closeTimeout;
        this.clock = builder.clock;
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        this.server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        this.httpThreads =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t =
                                    new Thread(
                                            r, "local-sfn-http-" + threadNumber.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        server.createContext("/", this::handle);
        server.setExecutor(httpThreads);
        this.worker = new Thread(this::work, "local-sfn-worker");
        worker.setDaemon(true);
        worker.start();
        server.start();
    }

    /** A builder; at least one {@linkplain Builder#stateMachine state machine} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URI to pass to the SDK's {@code endpointOverride} (or the trigger's aws.endpoint). */
    public URI endpoint() {
        return URI.create(
                "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    /** The ARNs of the configured state machines, in the order they were configured. */
    public List<String> stateMachineArns() {
        return List.copyOf(stateMachines.keySet());
    }

    /** A snapshot of every execution so far, in start order. */
    public List<ExecutionRecord> executions() {
        synchronized (lock) {
            List<ExecutionRecord> all = new ArrayList<>(executions.size());
            for (Entry e : executions.values()) {
                all.add(e.snapshot());
            }
            return all;
        }
    }

    /** A snapshot of one execution, if this server started it. */
    public Optional<ExecutionRecord> execution(String executionArn) {
        synchronized (lock) {
            Entry e = executions.get(executionArn);
            return e == null ? Optional.empty() : Optional.of(e.snapshot());
        }
    }

    /**
     * Waits until every execution started so far has ended and its listeners were called.
     *
     * @return true if idle, false if {@code timeout} passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Stops the server: no request is answered any more, queued executions are aborted, the running
     * one gets the close timeout to finish and is then interrupted (see the class comment).
     * Idempotent.
     */
    @Override
    public void close() {
        List<Entry> queued;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            queued = new ArrayList<>(queue);
            queue.clear();
            lock.notifyAll();
        }
        server.stop(0);
        httpThreads.shutdown();
        for (Entry e : queued) {
            finish(e, ExecutionStatus.ABORTED, null, ABORTED_ERROR, "closed before it ran");
        }
        if (Thread.currentThread() == worker) {
            // Closed from a listener on the worker: the execution in hand ends when it returns.
            return;
        }
        try {
            worker.join(closeTimeout.toMillis());
            if (worker.isAlive()) {
                interruptedByClose = true;
                worker.interrupt();
                worker.join(closeTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Entry stuck;
        synchronized (lock) {
            stuck = running;
        }
        if (stuck != null) {
            LOG.warn("Execution {} did not end when interrupted; recorded ABORTED", stuck.name());
            finish(
                    stuck,
                    ExecutionStatus.ABORTED,
                    null,
                    ABORTED_ERROR,
                    "did not end within the close timeout after an interrupt");
        }
        try {
            httpThreads.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------
    // The worker

    private void work() {
        while (true) {
            Entry next;
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
                next = queue.poll();
                running = next;
            }
            run(next);
            synchronized (lock) {
                running = null;
            }
            // An interrupt meant for this execution must not reach the next one.
            Thread.interrupted();
        }
    }

    private void run(Entry entry) {
        LOG.info("Execution {} running", entry.name());
        String output;
        try {
            output = entry.stateMachine.runner.run(entry.execution);
        } catch (ExecutionFailedException e) {
            finish(entry, ExecutionStatus.FAILED, null, e.error(), e.cause());
            return;
        } catch (Throwable t) { // NOPMD: an Error in a runner must not lose the execution
            if (interruptedByClose) {
                finish(entry, ExecutionStatus.ABORTED, null, ABORTED_ERROR, describe(t));
                return;
            }
            LOG.warn("Execution {} failed: the runner threw", entry.name(), t);
            finish(entry, ExecutionStatus.FAILED, null, RUNTIME_ERROR, describe(t));
            return;
        }
        String problem = jsonProblem(output);
        if (problem != null) {
            finish(
                    entry,
                    ExecutionStatus.FAILED,
                    null,
                    RUNTIME_ERROR,
                    "the runner's output is not JSON: " + problem);
            return;
        }
        finish(entry, ExecutionStatus.SUCCEEDED, output, null, null);
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }

    /** Closes an execution once (later calls for it are ignored) and tells the listeners. */
    private void finish(
            Entry entry, ExecutionStatus status, String output, String error, String cause) {
        ExecutionRecord record;
        synchronized (lock) {
            if (entry.status.isClosed()) {
                return;
            }
            entry.status = status;
            entry.stopDate = now();
            entry.output = output;
            entry.error = error;
            entry.cause = cause;
            record = entry.snapshot();
        }
        LOG.info("Execution {} {}", entry.name(), status);
        try {
            // started() must have been called first; the answering thread calls it right after
            // creating the entry and always counts down, so this wait is short.
            if (!entry.announced.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Listener start callback for {} is still running", entry.name());
            }
            for (ExecutionListener l : listeners) {
                tell(l, status, record);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                open--;
                lock.notifyAll();
            }
        }
    }

    private static void tell(ExecutionListener l, ExecutionStatus status, ExecutionRecord r) {
        try {
            switch (status) {
                case RUNNING:
                    l.started(r);
                    break;
                case SUCCEEDED:
                    l.succeeded(r);
                    break;
                case FAILED:
                    l.failed(r);
                    break;
                default:
                    l.aborted(r);
                    break;
            }
        } catch (RuntimeException e) {
            LOG.warn("Execution listener {} threw on {}", l, r, e);
        }
    }

    private Instant now() {
        // Milliseconds: what the wire format carries, so snapshots equal what the SDK reads.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---------------------------------------------------------------------------------------
    // The HTTP side

    private void handle(HttpExchange exchange) {
        try {
            JsonNode answer;
            try {
                answer = answer(exchange);
            } catch (StepFunctionsError e) {
                sendError(exchange, e);
                return;
            } catch (RuntimeException e) {
                LOG.warn("Local Step Functions failed on a request", e);
                sendError(exchange, StepFunctionsError.internal(String.valueOf(e)));
                return;
            }
            send(exchange, 200, answer);
        } catch (IOException | RuntimeException e) {
            // The client went away or the answer could not be written: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private JsonNode answer(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod())
                || !"/".equals(exchange.getRequestURI().getPath())
                || target == null
                || !target.startsWith(TARGET_PREFIX)) {
            throw StepFunctionsError.unknownOperation(
                    exchange.getRequestMethod()
                            + " "
                            + exchange.getRequestURI().getPath()
                            + " "
                            + target);
        }
        JsonNode request = parseRequest(body);
        String operation = target.substring(TARGET_PREFIX.length());
        switch (operation) {
            case "StartExecution":
                return startExecution(request);
            case "DescribeExecution":
                return describeExecution(request);
            case "ListExecutions":
                return listExecutions(request);
            default:
                throw StepFunctionsError.unknownOperation(target);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            throw StepFunctionsError.validation(
                    "request body is larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        return body;
    }

    private static JsonNode parseRequest(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw StepFunctionsError.serialization("request body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw StepFunctionsError.serialization("request body is not a JSON object");
        }
        return node;
    }

    // ---------------------------------------------------------------------------------------
    // Operations

    private JsonNode startExecution(JsonNode request) {
        String stateMachineArn = requiredText(request, "stateMachineArn");
        StateMachine stateMachine = stateMachine(stateMachineArn);
        String name = optionalText(request, "name");
        if (name == null) {
            name = UUID.randomUUID().toString();
        }
        if (!ExecutionNames.isValid(name)) {
            throw StepFunctionsError.invalidName(name);
        }
        String input = optionalText(request, "input");
        if (input == null) {
            input = "{}";
        }
        checkInput(input);
        String executionArn = stateMachine.executionArn(name);
        Entry entry;
        synchronized (lock) {
            if (closing) {
                throw StepFunctionsError.unavailable("the local Step Functions is closing");
            }
            Entry existing = executions.get(executionArn);
            if (existing != null) {
                if (existing.status == ExecutionStatus.RUNNING
                        && existing.execution.input().equals(input)) {
                    return startAnswer(existing);
                }
                throw StepFunctionsError.executionAlreadyExists(executionArn);
            }
            LocalExecution execution =
                    new LocalExecution(executionArn, stateMachineArn, name, input, now());
            entry = new Entry(nextSequence++, stateMachine, execution);
            executions.put(executionArn, entry);
            queue.add(entry);
            open++;
            lock.notifyAll();
        }
        LOG.info("Execution {} started ({})", name, executionArn);
        try {
            ExecutionRecord record = entry.snapshotWhenStarted();
            for (ExecutionListener l : listeners) {
                tell(l, ExecutionStatus.RUNNING, record);
            }
        } finally {
            entry.announced.countDown();
        }
        return startAnswer(entry);
    }

    private static ObjectNode startAnswer(Entry entry) {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("executionArn", entry.execution.executionArn());
        answer.put("startDate", epochSeconds(entry.execution.startDate()));
        return answer;
    }

    private JsonNode describeExecution(JsonNode request) {
        String executionArn = requiredText(request, "executionArn");
        if (!EXECUTION_ARN.matcher(executionArn).matches()) {
            throw StepFunctionsError.invalidArn(executionArn, "not an execution ARN");
        }
        ExecutionRecord r =
                execution(executionArn)
                        .orElseThrow(() -> StepFunctionsError.executionDoesNotExist(executionArn));
        ObjectNode answer = listItem(r);
        answer.put("input", r.input());
        answer.putObject("inputDetails").put("included", true);
        if (r.output() != null) {
            answer.put("output", r.output());
            answer.putObject("outputDetails").put("included", true);
        }
        if (r.error() != null) {
            answer.put("error", r.error());
        }
        if (r.cause() != null) {
            answer.put("cause", r.cause());
        }
        return answer;
    }

    private JsonNode listExecutions(JsonNode request) {
        if (optionalText(request, "mapRunArn") != null) {
            throw StepFunctionsError.validation("mapRunArn is not supported by the stand-in");
        }
        String stateMachineArn = requiredText(request, "stateMachineArn");
        stateMachine(stateMachineArn);
        String statusFilter = optionalText(request, "statusFilter");
        if (statusFilter != null && !STATUSES.contains(statusFilter)) {
            throw StepFunctionsError.validation(
                    "1 validation error detected: Value '"
                            + statusFilter
                            + "' at 'statusFilter' failed to satisfy constraint: Member must"
                            + " satisfy enum value set: "
                            + STATUSES);
        }
        int pageSize = pageSize(request);
        long before = Long.MAX_VALUE;
        String token = optionalText(request, "nextToken");
        if (token != null) {
            before = sequenceOf(token);
        }
        List<ExecutionRecord> page = new ArrayList<>();
        long lastSequence = -1;
        boolean more = false;
        synchronized (lock) {
            List<Entry> all = new ArrayList<>(executions.values());
            // The map is in start order: walk it backwards for newest first.
            for (int i = all.size() - 1; i >= 0; i--) {
                Entry e = all.get(i);
                if (!e.execution.stateMachineArn().equals(stateMachineArn)
                        || e.sequence >= before
                        || (statusFilter != null && !e.status.name().equals(statusFilter))) {
                    continue;
                }
                if (page.size() == pageSize) {
                    more = true;
                    break;
                }
                page.add(e.snapshot());
                lastSequence = e.sequence;
            }
        }
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode items = answer.putArray("executions");
        page.forEach(r -> items.add(listItem(r)));
        if (more) {
            answer.put("nextToken", tokenOf(lastSequence));
        }
        return answer;
    }

    private static int pageSize(JsonNode request) {
        JsonNode max = request.get("maxResults");
        if (max == null || max.isNull()) {
            return DEFAULT_PAGE_SIZE;
        }
        if (!max.canConvertToInt() || !max.isIntegralNumber()) {
            throw StepFunctionsError.validation("maxResults must be an integer");
        }
        int n = max.intValue();
        if (n < 0 || n > MAX_PAGE_SIZE) {
            throw StepFunctionsError.validation(
                    "1 validation error detected: Value '"
                            + n
                            + "' at 'maxResults' failed to satisfy constraint: Member must have"
                            + " value between 0 and "
                            + MAX_PAGE_SIZE);
        }
        return n == 0 ? DEFAULT_PAGE_SIZE : n;
    }

    private static String tokenOf(long sequence) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TOKEN_PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static long sequenceOf(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return Long.parseLong(text.substring(TOKEN_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the error: not base64, or no number after the prefix.
        }
        throw StepFunctionsError.invalidToken("not a token of this server");
    }

    private static ObjectNode listItem(ExecutionRecord r) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put("executionArn", r.executionArn());
        item.put("stateMachineArn", r.stateMachineArn());
        item.put("name", r.name());
        item.put("status", r.status().name());
        item.put("startDate", epochSeconds(r.startDate()));
        if (r.stopDate() != null) {
            item.put("stopDate", epochSeconds(r.stopDate()));
        }
        return item;
    }

    private StateMachine stateMachine(String arn) {
        if (!STATE_MACHINE_ARN.matcher(arn).matches()) {
            throw StepFunctionsError.invalidArn(arn, "not a state machine ARN");
        }
        StateMachine stateMachine = stateMachines.get(arn);
        if (stateMachine == null) {
            throw StepFunctionsError.stateMachineDoesNotExist(arn);
        }
        return stateMachine;
    }

    private static void checkInput(String input) {
        JsonNode node;
        try {
            node = STRICT.readTree(input);
        } catch (JsonProcessingException e) {
            throw StepFunctionsError.invalidExecutionInput("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw StepFunctionsError.invalidExecutionInput(
                    "the local Step Functions accepts a JSON object only");
        }
    }

    /** Null if {@code text} is one JSON document, else what is wrong with it. */
    static String jsonProblem(String text) {
        if (text == null) {
            return "the runner returned null";
        }
        if (text.isBlank()) {
            return "empty";
        }
        try {
            STRICT.readTree(text);
            return null;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }

    private static String requiredText(JsonNode request, String field) {
        String value = optionalText(request, field);
        if (value == null) {
            throw StepFunctionsError.validation(
                    "1 validation error detected: Value null at '"
                            + field
                            + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String optionalText(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw StepFunctionsError.serialization(field + " must be a string");
        }
        return node.asText();
    }

    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static void sendError(HttpExchange exchange, StepFunctionsError error)
            throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.type());
        body.put("message", error.getMessage());
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.type());
        send(exchange, error.status(), body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", CONTENT_TYPE);
        out.set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    // ---------------------------------------------------------------------------------------
    // State

    /** A configured state machine: its ARN parts and its runner. */
    private static final class StateMachine {
        final String arn;
        final String executionArnPrefix;
        final ExecutionRunner runner;

        StateMachine(String arn, ExecutionRunner runner) {
            Matcher m = STATE_MACHINE_ARN.matcher(arn);
            if (!m.matches() || !ExecutionNames.isValid(m.group(4))) {
                throw new IllegalArgumentException(
                        "not a Step Functions state machine ARN"
                                + " (arn:aws:states:<region>:<account>:stateMachine:<name>): "
                                + arn);
            }
            this.arn = arn;
            this.executionArnPrefix =
                    "arn:"
                            + m.group(1)
                            + ":states:"
                            + m.group(2)
                            + ":"
                            + m.group(3)
                            + ":execution:"
                            + m.group(4)
                            + ":";
            this.runner = runner;
        }

        String executionArn(String executionName) {
            return executionArnPrefix + executionName;
        }
    }

    /** One execution; mutable fields guarded by {@link #lock}. */
    private static final class Entry {
        final long sequence;
        final StateMachine stateMachine;
        final LocalExecution execution;
        // Counted down once the started() callbacks have returned.
        final CountDownLatch announced = new CountDownLatch(1);
        ExecutionStatus status = ExecutionStatus.RUNNING;
        Instant stopDate;
        String output;
        String error;
        String cause;

        Entry(long sequence, StateMachine stateMachine, LocalExecution execution) {
            this.sequence = sequence;
            this.stateMachine = stateMachine;
            this.execution = execution;
        }

        String name() {
            return execution.name();
        }

        ExecutionRecord snapshot() {
            return new ExecutionRecord(execution, status, stopDate, output, error, cause);
        }

        ExecutionRecord snapshotWhenStarted() {
            return new ExecutionRecord(execution, ExecutionStatus.RUNNING, null, null, null, null);
        }
    }

    /** Settings of a {@link LocalStepFunctions}; every one but the state machines has a default. */
    public static final class Builder {
        private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private int port = 0;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Serves the state machine {@code arn} ({@code
         * arn:aws:states:<region>:<account>:stateMachine:<name>}), whose executions {@code runner}
         * runs. Its executions' ARNs take the region, account and name from it.
         *
         * @throws IllegalArgumentException if {@code arn} is no state machine ARN or was added
         *     before
         */
        public Builder stateMachine(String arn, ExecutionRunner runner) {
            Objects.requireNonNull(arn, "state machine ARN must not be null");
            Objects.requireNonNull(runner, "runner must not be null");
            if (stateMachines.containsKey(arn)) {
                throw new IllegalArgumentException("state machine added twice: " + arn);
            }
            stateMachines.put(arn, new StateMachine(arn, runner));
            return this;
        }

        /**
         * Adds a listener told of every start and end (see {@link ExecutionListener}); none by
         * default.
         */
        public Builder listener(ExecutionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** The loopback port; default 0 (any free port, see {@link LocalStepFunctions#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How long {@link LocalStepFunctions#close()} lets the running execution finish before
         * interrupting it, and waits again after the interrupt; default 30 s.
         */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout must not be null");
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException(
                        "closeTimeout must not be negative, got " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** The clock of start and stop dates; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Starts the worker and listens.
         *
         * @throws IllegalStateException if no state machine was added
         * @throws UncheckedIOException if the port is taken
         */
        public LocalStepFunctions start() {
            if (stateMachines.isEmpty()) {
                throw new IllegalStateException(
                        "no state machine: add one with stateMachine(arn, runner)");
            }
            try {
                return new LocalStepFunctions(this);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start the local Step Functions: " + e.getMessage(), e);
            }
        }
    }
}
