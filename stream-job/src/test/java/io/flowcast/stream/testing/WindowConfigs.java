package io.flowcast.stream.testing;

import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.config.WindowOptions;
import io.flowcast.stream.window.WindowConfig;
import java.util.HashMap;
import java.util.Map;

/** Window configurations for tests, read through the real options so defaults stay in one place. */
public final class WindowConfigs {

    private WindowConfigs() {}

    /** The documented defaults (60 s tumbling, shipped pump and compressor specs). */
    public static WindowConfig defaults() {
        return with(Map.of());
    }

    /** Defaults overridden by {@code windowsGroup} keys, e.g. {@code allowed.lateness=5s}. */
    public static WindowConfig with(Map<String, String> windowsGroup) {
        Map<String, Map<String, String>> groups = new HashMap<>();
        groups.put(WindowOptions.GROUP, windowsGroup);
        return WindowOptions.read(PropertyGroups.of(groups));
    }
}
