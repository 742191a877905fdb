package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowcast.stream.local.LoopbackCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parsing of the RDS secret JSON, and the real SDK call against a local server speaking the Secrets
 * Manager JSON protocol. No error message may contain the secret's text.
 */
class SecretsManagerCredentialsProviderTest {

    static final String ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-flowcast-AbC123";
    static final String PASSWORD = "Xy9-very$ecret";

    /** What RDS stores for a cluster whose master password it manages, plus extra keys. */
    static final String RDS_SECRET =
            "{\"username\":\"flowcast_reader\",\"password\":\""
                    + PASSWORD
                    + "\",\"engine\":\"postgres\",\"host\":\"flowcast.cluster-abc.rds.amazonaws.com\","
                    + "\"port\":5432,\"dbClusterIdentifier\":\"flowcast\"}";

    private HttpServer server;
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String responseBody;
    private volatile String errorType;

    @BeforeEach
    void startFakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        LoopbackCredentials.useDummyCredentialsForLoopback(endpoint());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requestBodies.add(body);
        byte[] reply;
        int code;
        if (!"POST".equals(exchange.getRequestMethod())
                || !"secretsmanager.GetSecretValue".equals(target)) {
            code = 400;
            reply = "{\"__type\":\"UnknownOperationException\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnknownOperationException");
        } else {
            code = status;
            reply = responseBody.getBytes(StandardCharsets.UTF_8);
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(code, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    private SecretsManagerCredentialsProvider provider() {
        return new SecretsManagerCredentialsProvider(ARN, null, endpoint());
    }

    private void answerWithSecretString(String secretString) {
        status = 200;
        errorType = null;
        responseBody =
                "{\"ARN\":\""
                        + ARN
                        + "\",\"Name\":\"rds!cluster-flowcast\",\"VersionId\":\"v1\","
                        + "\"SecretString\":"
                        + jsonString(secretString)
                        + ",\"CreatedDate\":1.7322E9}";
    }

    @Test
    void readsTheRdsSecretThroughTheSdk() {
        answerWithSecretString(RDS_SECRET);

        DatabaseCredentials credentials = provider().credentials();

        assertThat(credentials).isEqualTo(new DatabaseCredentials("flowcast_reader", PASSWORD));
        assertThat(requestBodies).singleElement().asString().contains("\"SecretId\":\"" + ARN);
    }

    @Test
    void aServiceErrorNamesTheSecretAndTheProblem() {
        status = 400;
        errorType = "ResourceNotFoundException";
        responseBody =
                "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't"
                        + " find the specified secret.\"}";

        assertThatThrownBy(() -> provider().credentials())
                .isInstanceOf(DatabaseCredentialsException.class)
                .hasMessageContaining(ARN)
                .hasMessageContaining("can't find the specified secret");
    }

    @Test
    void aMalformedSecretFromTheServiceIsReportedWithoutItsText() {
        answerWithSecretString("{\"username\":\"flowcast_reader\",\"password\":" + PASSWORD);

        assertFailsWithoutLeaking(() -> provider().credentials(), "not valid JSON");
    }

    @Test
    void parsesUsernameAndPasswordAndIgnoresOtherKeys() {
        assertThat(SecretsManagerCredentialsProvider.parseSecret(RDS_SECRET, ARN))
                .isEqualTo(new DatabaseCredentials("flowcast_reader", PASSWORD));
    }

    @Test
    void rejectsSecretsThatAreNotTheExpectedJsonWithoutLeakingThem() {
        assertFailsWithoutLeaking(
                () -> SecretsManagerCredentialsProvider.parseSecret(PASSWORD, ARN),
                "not valid JSON");
        assertFailsWithoutLeaking(
                () ->
                        SecretsManagerCredentialsProvider.parseSecret(
                                "{\"password\":\"" + PASSWORD + "\"}", ARN),
                "has no \"username\" key");
        assertFailsWithoutLeaking(
                () ->
                        SecretsManagerCredentialsProvider.parseSecret(
                                "{\"username\":\"u\",\"pass\":\"" + PASSWORD + "\"}", ARN),
                "has no \"password\" key");
        assertFailsWithoutLeaking(
                () -> SecretsManagerCredentialsProvider.parseSecret("[\"" + PASSWORD + "\"]", ARN),
                "must be a JSON object");
        assertFailsWithoutLeaking(
                () -> SecretsManagerCredentialsProvider.parseSecret("", ARN), "is empty");
        assertFailsWithoutLeaking(
                () ->
                        SecretsManagerCredentialsProvider.parseSecret(
                                "{\"username\":\"u\",\"password\":{\"v\":\"" + PASSWORD + "\"}}",
                                ARN),
                "\"password\" must be a string, got a JSON object");
        assertFailsWithoutLeaking(
                () ->
                        SecretsManagerCredentialsProvider.parseSecret(
                                "{\"username\":\" \",\"password\":\"" + PASSWORD + "\"}", ARN),
                "\"username\" is blank");
    }

    @Test
    void regionComesFromTheArnUnlessGiven() {
        assertThat(SecretsManagerCredentialsProvider.forSecret(ARN).region())
                .isEqualTo("eu-west-1");
        assertThat(new SecretsManagerCredentialsProvider(ARN, "us-east-1", null).region())
                .isEqualTo("us-east-1");
        assertThatThrownBy(() -> SecretsManagerCredentialsProvider.forSecret("flowcast/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Secrets Manager secret ARN");
        assertThat(provider().toString()).contains(ARN).doesNotContain(PASSWORD);
    }

    private static void assertFailsWithoutLeaking(ThrowingCallable call, String expected) {
        assertThatThrownBy(call)
                .isInstanceOf(DatabaseCredentialsException.class)
                .hasMessageContaining(ARN)
                .hasMessageContaining(expected)
                .satisfies(
                        e -> {
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                assertThat(String.valueOf(t.getMessage()))
                                        .doesNotContain(PASSWORD)
                                        .doesNotContain("Xy9");
                            }
                        });
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
