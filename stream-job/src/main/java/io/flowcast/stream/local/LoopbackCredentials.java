package io.flowcast.stream.local;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Supplies placeholder AWS credentials when talking to a local emulator on this machine.
 *
 * <p>The SDK refuses to send a request it cannot sign, even to an emulator that ignores signatures.
 * When the endpoint is a loopback address and no credentials are configured at all, this sets the
 * system properties the SDK default chain reads first to a dummy value. It never does so for any
 * other endpoint, and never overrides credentials someone configured.
 */
public final class LoopbackCredentials {

    /** The placeholder access key id and secret key. */
    public static final String DUMMY_VALUE = "flowcast-local";

    static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";
    static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";

    private LoopbackCredentials() {}

    /**
     * Sets {@code aws.accessKeyId}/{@code aws.secretAccessKey} to {@value #DUMMY_VALUE} if the
     * endpoint's host is loopback and neither those properties nor {@code AWS_ACCESS_KEY_ID} are
     * set.
     *
     * @return true if the dummy credentials were set
     */
    public static boolean useDummyCredentialsForLoopback(URI endpoint) {
        return useDummyCredentialsForLoopback(endpoint, System.getProperties(), System.getenv());
    }

    static boolean useDummyCredentialsForLoopback(
            URI endpoint, Properties systemProperties, Map<String, String> env) {
        if (endpoint == null || !isLoopback(endpoint)) {
            return false;
        }
        if (systemProperties.getProperty(ACCESS_KEY_PROPERTY) != null
                || systemProperties.getProperty(SECRET_KEY_PROPERTY) != null
                || env.get(ACCESS_KEY_ENV) != null) {
            return false;
        }
        // The emulator accepts any signature, so any non-empty pair works; these are never
        // applied for a non-loopback endpoint, where they would only produce auth errors.
        systemProperties.setProperty(ACCESS_KEY_PROPERTY, DUMMY_VALUE);
        systemProperties.setProperty(SECRET_KEY_PROPERTY, DUMMY_VALUE);
        return true;
    }

    /**
     * True for {@code localhost}, 127.0.0.0/8 and {@code ::1}, judged from the text of the host (no
     * DNS lookup, so a name that merely resolves to loopback does not count).
     */
    public static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost")
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
