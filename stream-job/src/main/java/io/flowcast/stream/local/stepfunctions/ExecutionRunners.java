package io.flowcast.stream.local.stepfunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the local retraining pipeline's {@link ExecutionRunner} through {@link ServiceLoader}: the
 * one {@link ExecutionRunnerProvider} registered in {@value #SERVICES_FILE} on the class path (the
 * {@code training-trigger} module registers it). None found is normal for a stream job without the
 * trainer and means no retraining locally; several found is a packaging mistake and an error.
 */
public final class ExecutionRunners {

    /** Where providers are registered. */
    public static final String SERVICES_FILE =
            "META-INF/services/io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider";

    /** What {@link #load} logs when no provider is found; the local run may print it too. */
    public static final String NONE_FOUND =
            "No retraining runner: no ExecutionRunnerProvider is registered in "
                    + SERVICES_FILE
                    + " on the class path (put the training-trigger module on it to retrain"
                    + " locally); the local Step Functions starts no retraining";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRunners.class);

    private ExecutionRunners() {}

    /**
     * The runner of the one provider visible to this class's class loader, created with {@code
     * settings}; empty (and {@link #NONE_FOUND} logged) when there is none.
     *
     * @throws IllegalStateException if several providers are found, a provider cannot be loaded, or
     *     it returns no runner
     */
    public static Optional<ExecutionRunner> load(Map<String, String> settings) {
        return load(settings, ExecutionRunners.class.getClassLoader());
    }

    /** As {@link #load(Map)}, looking for providers through {@code classLoader}. */
    public static Optional<ExecutionRunner> load(
            Map<String, String> settings, ClassLoader classLoader) {
        Objects.requireNonNull(settings, "settings must not be null");
        List<ExecutionRunnerProvider> providers = providers(classLoader);
        if (providers.isEmpty()) {
            LOG.info(NONE_FOUND);
            return Optional.empty();
        }
        if (providers.size() > 1) {
            throw new IllegalStateException(
                    "Several ExecutionRunnerProviders are registered in "
                            + SERVICES_FILE
                            + ", exactly one is allowed: "
                            + providers.stream()
                                    .map(p -> p.getClass().getName())
                                    .collect(Collectors.joining(", ")));
        }
        ExecutionRunnerProvider provider = providers.get(0);
        ExecutionRunner runner = provider.create(Map.copyOf(settings));
        if (runner == null) {
            throw new IllegalStateException(
                    provider.getClass().getName() + ".create(settings) returned no runner");
        }
        LOG.info("Retraining runner from {}", provider.getClass().getName());
        return Optional.of(runner);
    }

    /**
     * Every provider registered through {@code classLoader}, in class path order.
     *
     * @throws IllegalStateException if a registered provider cannot be loaded or instantiated
     */
    static List<ExecutionRunnerProvider> providers(ClassLoader classLoader) {
        List<ExecutionRunnerProvider> found = new ArrayList<>();
        try {
            for (ExecutionRunnerProvider p :
                    ServiceLoader.load(ExecutionRunnerProvider.class, classLoader)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "A provider registered in "
                            + SERVICES_FILE
                            + " cannot be loaded: "
                            + e.getMessage(),
                    e);
        }
        return found;
    }
}
