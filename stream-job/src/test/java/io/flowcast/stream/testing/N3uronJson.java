package io.flowcast.stream.testing;

/**
 * N3uron MqttClient JSON for tests that build their own messages: {@code {"<tag path>": [{"v":
 * value, "q": 192, "ts": epoch ms}], ...}} (quality 192: good).
 */
public final class N3uronJson {

    private N3uronJson() {}

    /** One tag with one good-quality sample: {@code "path":[{"v":v,"q":192,"ts":ts}]}. */
    public static String tag(String path, double v, long ts) {
        return "\"" + path + "\":[{\"v\":" + v + ",\"q\":192,\"ts\":" + ts + "}]";
    }

    /** A message of the given {@link #tag}s. */
    public static String message(String... tags) {
        return "{" + String.join(",", tags) + "}";
    }
}
