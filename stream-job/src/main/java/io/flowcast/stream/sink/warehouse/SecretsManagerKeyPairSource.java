package io.flowcast.stream.sink.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.stream.aws.SecretsManagerSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads the Snowflake key pair from an AWS Secrets Manager secret (by ARN) whose {@code
 * SecretString} is a JSON object:
 *
 * <pre>{@code
 * {"user": "FLOWCAST_SINK",
 *  "privateKey": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
 *  "privateKeyPassphrase": "..."}   // only for an ENCRYPTED PRIVATE KEY
 * }</pre>
 *
 * {@code user} may be left out when the configuration names the user ({@code Warehouse/user}), in
 * which case the configured one wins over a missing key. The key is parsed by {@link PrivateKeys}.
 *
 * <p>AWS credentials come from the SDK's default provider chain (on Managed Flink the application's
 * role, which needs {@code secretsmanager:GetSecretValue} on the secret). Region: the ARN's. An
 * endpoint override points the client at a VPC endpoint or a local stand-in. Errors name the ARN
 * and the problem, never any of the secret's text.
 */
public final class SecretsManagerKeyPairSource implements SnowflakeKeyPairSource {
    private static final long serialVersionUID = 1L;

    private final String secretArn;
    private final String region;
    private final String endpointOverride;
    private final String configuredUser;

    /**
     * @param secretArn the secret's full ARN
     * @param endpointOverride null on AWS; a VPC endpoint or local stand-in otherwise
     * @param configuredUser the user from configuration, or null to take {@code user} from the
     *     secret
     * @throws IllegalArgumentException if the ARN is not a Secrets Manager secret ARN
     */
    public SecretsManagerKeyPairSource(
            String secretArn, URI endpointOverride, String configuredUser) {
        this.region = SecretsManagerSecrets.regionOf(secretArn);
        this.secretArn = secretArn;
        this.endpointOverride = endpointOverride == null ? null : endpointOverride.toString();
        this.configuredUser =
                configuredUser == null || configuredUser.isBlank() ? null : configuredUser;
    }

    /** The secret's ARN. */
    public String secretArn() {
        return secretArn;
    }

    @Override
    public SnowflakeKeyPair read() {
        String secretString;
        try {
            secretString = SecretsManagerSecrets.secretString(secretArn, region, endpointOverride);
        } catch (SdkException e) {
            // Service and transport errors carry no secret material.
            throw new UncheckedIOException(
                    new IOException(
                            "Could not read Snowflake secret " + secretArn + ": " + e.getMessage(),
                            e));
        }
        if (secretString == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret " + secretArn + " has no SecretString");
        }
        return parseSecret(secretString, secretArn, configuredUser);
    }

    /**
     * Parses the secret text (see the class comment).
     *
     * @throws WarehouseCredentialsException naming the problem, never quoting the text
     */
    static SnowflakeKeyPair parseSecret(String text, String secretArn, String configuredUser) {
        JsonNode root =
                SecretsManagerSecrets.readJson(
                        text,
                        where ->
                                new WarehouseCredentialsException(
                                        "Snowflake secret " + secretArn + " is not valid JSON"));
        if (root == null || !root.isObject()) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + " must be a JSON object with \"privateKey\" (and \"user\")");
        }
        String user = configuredUser != null ? configuredUser : text(root, "user", secretArn);
        if (user == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + " has no \"user\" key and Warehouse/user is not set");
        }
        String pem = text(root, "privateKey", secretArn);
        if (pem == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret " + secretArn + " has no \"privateKey\" key");
        }
        String passphrase = text(root, "privateKeyPassphrase", secretArn);
        char[] chars = passphrase == null ? null : passphrase.toCharArray();
        try {
            return new SnowflakeKeyPair(
                    user, PrivateKeys.parsePkcs8Pem(pem, chars, "secret " + secretArn));
        } finally {
            if (chars != null) {
                java.util.Arrays.fill(chars, '\0');
            }
        }
    }

    private static String text(JsonNode root, String key, String secretArn) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + ": \""
                            + key
                            + "\" must be a string, got a JSON "
                            + SecretsManagerSecrets.nodeType(node));
        }
        return node.textValue().isBlank() ? null : node.textValue();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretsManagerKeyPairSource)) {
            return false;
        }
        SecretsManagerKeyPairSource that = (SecretsManagerKeyPairSource) o;
        return secretArn.equals(that.secretArn)
                && Objects.equals(endpointOverride, that.endpointOverride)
                && Objects.equals(configuredUser, that.configuredUser);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretArn, endpointOverride, configuredUser);
    }

    @Override
    public String toString() {
        return "SecretsManagerKeyPairSource{secretArn="
                + secretArn
                + (endpointOverride == null ? "" : ", endpointOverride=" + endpointOverride)
                + '}';
    }
}
