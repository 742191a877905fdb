package io.flowcast.stream.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the ITCases share: one TaskManager with two slots (parallelism 2). */
public final class MiniClusters {

    private MiniClusters() {}

    public static MiniClusterExtension twoSlots() {
        return twoSlots(new Configuration());
    }

    /** The same, with {@code configuration} (a metric reporter, say). */
    public static MiniClusterExtension twoSlots(Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(configuration)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
