package io.flowcast.stream.sink.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers the one Firehose call the sink makes, {@code PutRecordBatch},
 * in the AWS JSON 1.1 protocol the SDK speaks: {@code POST /} with {@code X-Amz-Target:
 * Firehose_20150804.PutRecordBatch}, a body {@code {"DeliveryStreamName": ..., "Records": [{"Data":
 * "<base64>"}]}}, and a reply {@code {"FailedPutCount": n, "Encrypted": false, "RequestResponses":
 * [{"RecordId": ...} | {"ErrorCode": ..., "ErrorMessage": ...}]}} with one entry per record, in
 * request order.
 *
 * <p>It keeps every accepted record and can misbehave the way Firehose does: reject some records of
 * a batch the first time it sees them ({@code ServiceUnavailableException} entries, a partial
 * failure), and accept one whole request but answer it with a 503 as if the response were lost (the
 * SDK then retries the request, so its records arrive twice).
 */
final class FirehoseStubServer implements AutoCloseable {

    static final String TARGET = "Firehose_20150804.PutRecordBatch";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** A stream the caller may not write to: {@code AccessDeniedException}, as without IAM. */
    static final String DENIED_STREAM = "denied";

    private final ObjectMapper mapper = new ObjectMapper();
    private final String deliveryStream;
    private final int rejectEveryNthNewRecord;
    private final int loseResponseOfRequest;
    private final HttpServer server;
    private final ExecutorService executor;

    private final Object lock = new Object();
    private final List<byte[]> accepted = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private int newRecords;
    private int rejectedEntries;
    private int lostResponseRecords;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param deliveryStream the only stream that exists; {@value #DENIED_STREAM} gets {@code
     *     AccessDeniedException}, others {@code ResourceNotFoundException}
     * @param rejectEveryNthNewRecord reject the first attempt of every n-th distinct record (0:
     *     never)
     * @param loseResponseOfRequest the 1-based request whose records are kept but answered with a
     *     503 (0: never)
     */
    FirehoseStubServer(
            String deliveryStream, int rejectEveryNthNewRecord, int loseResponseOfRequest)
            throws IOException {
        this.deliveryStream = deliveryStream;
        this.rejectEveryNthNewRecord = rejectEveryNthNewRecord;
        this.loseResponseOfRequest = loseResponseOfRequest;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Data of every accepted record, duplicates included, in arrival order. */
    List<byte[]> acceptedRecords() {
        synchronized (lock) {
            return new ArrayList<>(accepted);
        }
    }

    /** Records per {@code PutRecordBatch} request, in arrival order (retries included). */
    List<Integer> batchSizes() {
        synchronized (lock) {
            return new ArrayList<>(batchSizes);
        }
    }

    /** Entries answered with an {@code ErrorCode} (partial failures). */
    int rejectedEntries() {
        synchronized (lock) {
            return rejectedEntries;
        }
    }

    /** Records kept from the request whose response was "lost" (they will arrive again). */
    int lostResponseRecords() {
        synchronized (lock) {
            return lostResponseRecords;
        }
    }

    /** Requests that did not look like the SDK's PutRecordBatch (empty when all did). */
    List<String> protocolErrors() {
        synchronized (lock) {
            return Collections.unmodifiableList(new ArrayList<>(protocolErrors));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String problem = protocolProblem(exchange);
            if (problem != null) {
                synchronized (lock) {
                    protocolErrors.add(problem);
                }
                // A fatal error for the connector, so a protocol mismatch fails the job instead
                // of being retried for ever.
                reply(exchange, 400, error("ResourceNotFoundException", problem));
                return;
            }
            JsonNode request = mapper.readTree(body);
            if (DENIED_STREAM.equals(request.path("DeliveryStreamName").asText())) {
                reply(
                        exchange,
                        400,
                        error(
                                "AccessDeniedException",
                                "User is not authorized to perform: firehose:PutRecordBatch"));
                return;
            }
            if (!deliveryStream.equals(request.path("DeliveryStreamName").asText())) {
                reply(
                        exchange,
                        400,
                        error(
                                "ResourceNotFoundException",
                                "Firehose "
                                        + request.path("DeliveryStreamName").asText()
                                        + " not found."));
                return;
            }
            int requestNumber = requests.incrementAndGet();
            JsonNode records = request.path("Records");
            ObjectNode response = mapper.createObjectNode();
            ArrayNode responses = response.putArray("RequestResponses");
            int failed = 0;
            synchronized (lock) {
                batchSizes.add(records.size());
                boolean loseResponse = requestNumber == loseResponseOfRequest;
                for (JsonNode record : records) {
                    byte[] data = Base64.getDecoder().decode(record.path("Data").asText());
                    String key = new String(data, StandardCharsets.UTF_8);
                    boolean firstSight = seen.add(key);
                    if (firstSight
                            && !loseResponse
                            && rejectEveryNthNewRecord > 0
                            && ++newRecords % rejectEveryNthNewRecord == 0) {
                        failed++;
                        rejectedEntries++;
                        seen.remove(key);
                        responses
                                .addObject()
                                .put("ErrorCode", "ServiceUnavailableException")
                                .put("ErrorMessage", "Slow down.");
                    } else {
                        accepted.add(data);
                        responses.addObject().put("RecordId", UUID.randomUUID().toString());
                    }
                }
                if (loseResponse) {
                    lostResponseRecords += records.size();
                }
            }
            if (requestNumber == loseResponseOfRequest) {
                reply(exchange, 503, error("ServiceUnavailableException", "Slow down."));
                return;
            }
            response.put("FailedPutCount", failed);
            response.put("Encrypted", false);
            reply(exchange, 200, response);
        } finally {
            exchange.close();
        }
    }

    /** Checks what the SDK must send for PutRecordBatch; null when the request is right. */
    private static String protocolProblem(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod())) {
            return "method " + exchange.getRequestMethod();
        }
        if (!TARGET.equals(target)) {
            return "X-Amz-Target " + target;
        }
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            return "Content-Type " + contentType;
        }
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return "unsigned request";
        }
        return null;
    }

    private ObjectNode error(String type, String message) {
        ObjectNode error = mapper.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        return error;
    }

    private void reply(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (json.has("__type")) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", json.get("__type").asText());
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
