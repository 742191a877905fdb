package io.flowcast.stream.testing;

/**
 * Static AWS credentials for the SDK's default chain ({@code aws.accessKeyId} and {@code
 * aws.secretAccessKey} system properties) for the length of a test class; {@link #close()} puts
 * back what was there before. The loopback stubs and stand-ins check no signature.
 */
public final class AwsTestCredentials implements AutoCloseable {

    private static final String ACCESS_KEY = "aws.accessKeyId";
    private static final String SECRET_KEY = "aws.secretAccessKey";

    private final String savedAccessKey;
    private final String savedSecretKey;

    private AwsTestCredentials(String accessKeyId, String secretKey) {
        savedAccessKey = System.setProperty(ACCESS_KEY, accessKeyId);
        savedSecretKey = System.setProperty(SECRET_KEY, secretKey);
    }

    /** Sets the credentials until {@link #close()}. */
    public static AwsTestCredentials use(String accessKeyId, String secretKey) {
        return new AwsTestCredentials(accessKeyId, secretKey);
    }

    @Override
    public void close() {
        restore(ACCESS_KEY, savedAccessKey);
        restore(SECRET_KEY, savedSecretKey);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
