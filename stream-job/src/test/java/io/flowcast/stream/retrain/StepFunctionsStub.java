package io.flowcast.stream.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server speaking the Step Functions AWS JSON 1.0 protocol for {@code
 * StartExecution} only, recording every request. It keeps the service's naming rule: a name that
 * was used before is answered with {@code 400 ExecutionAlreadyExists} unless the first execution is
 * still running and the input is identical, which returns the first execution's ARN (the documented
 * idempotency of Standard workflows). Failures can be injected ahead of that logic.
 */
final class StepFunctionsStub implements AutoCloseable {

    /** One recorded request. */
    static final class Recorded {
        final String method;
        final String target;
        final String contentType;
        final String authorization;
        final JsonNode body;

        Recorded(
                String method,
                String target,
                String contentType,
                String authorization,
                JsonNode body) {
            this.method = method;
            this.target = target;
            this.contentType = contentType;
            this.authorization = authorization;
            this.body = body;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<Recorded> requests = new ArrayList<>();
    private final Map<String, String> inputByName = new HashMap<>();
    private final Map<String, Boolean> runningByName = new HashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;
    private volatile String failureType;

    StepFunctionsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} requests fail with this status and error type. */
    void failNext(int count, int status, String errorType) {
        failureStatus = status;
        failureType = errorType;
        failuresLeft.set(count);
    }

    /** Marks every execution finished, so a repeated name is refused whatever its input. */
    synchronized void finishAll() {
        runningByName.replaceAll((k, v) -> false);
    }

    synchronized List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** Executions actually created. */
    synchronized int executions() {
        return inputByName.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode body = MAPPER.readTree(raw.isEmpty() ? "{}" : raw);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        synchronized (this) {
            requests.add(
                    new Recorded(
                            exchange.getRequestMethod(),
                            target,
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("Authorization"),
                            body));
        }
        if (!"AWSStepFunctions.StartExecution".equals(target)) {
            reply(exchange, 400, "UnknownOperationException", "unexpected target " + target);
            return;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, failureStatus, failureType, "injected");
            return;
        }
        String arn = body.path("stateMachineArn").asText();
        String name = body.path("name").asText();
        String input = body.path("input").asText();
        String executionArn = arn.replace(":stateMachine:", ":execution:") + ":" + name;
        synchronized (this) {
            String previous = inputByName.get(name);
            if (previous != null && !(runningByName.get(name) && previous.equals(input))) {
                reply(
                        exchange,
                        400,
                        "ExecutionAlreadyExists",
                        "Execution Already Exists: '" + executionArn + "'");
                return;
            }
            inputByName.put(name, input);
            runningByName.put(name, true);
        }
        send(exchange, 200, "{\"executionArn\":\"" + executionArn + "\",\"startDate\":1.7639E9}");
    }

    private static void reply(HttpExchange exchange, int status, String type, String message)
            throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
