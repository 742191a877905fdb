package io.flowcast.stream.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutionRunners} with {@link java.util.ServiceLoader}: each case's registration lives in
 * its own folder under {@code src/test/resources/stepfunctions/}, read through a class loader over
 * that folder, so the registrations never leak onto the class path of other tests.
 */
class ExecutionRunnersTest {

    private static final Map<String, String> SETTINGS =
            Map.of(
                    ExecutionRunnerProvider.LAKE_PATH,
                    "/tmp/lake",
                    ExecutionRunnerProvider.MODEL_REGISTRY,
                    "/tmp/registry",
                    "some.unknown.key",
                    "ignored");

    private static URLClassLoader loaderOver(String folder) {
        URL url = ExecutionRunnersTest.class.getResource("/stepfunctions/" + folder + "/");
        assertThat(url).as("test resource folder %s", folder).isNotNull();
        return new URLClassLoader(new URL[] {url}, ExecutionRunnersTest.class.getClassLoader());
    }

    @Test
    void theStreamJobAloneHasNoRunner() {
        // The stream job does not depend on the trainer: nothing is registered on its class path.
        assertThat(ExecutionRunners.load(SETTINGS)).isEmpty();
    }

    @Test
    void theOneRegisteredProviderCreatesTheRunnerWithTheSettings() throws Exception {
        Optional<ExecutionRunner> runner;
        try (URLClassLoader loader = loaderOver("one")) {
            runner = ExecutionRunners.load(SETTINGS, loader);
        }

        assertThat(runner).isPresent();
        String output =
                runner.get()
                        .run(
                                new LocalExecution(
                                        "arn:aws:states:eu-west-1:123456789012:execution:sm:e1",
                                        "arn:aws:states:eu-west-1:123456789012:stateMachine:sm",
                                        "e1",
                                        "{}",
                                        Instant.EPOCH));
        assertThat(output).isEqualTo("{\"lake\":\"/tmp/lake\",\"name\":\"e1\"}");
    }

    @Test
    void severalProvidersAreAnErrorNamingThem() throws Exception {
        try (URLClassLoader loader = loaderOver("several")) {
            assertThatThrownBy(() -> ExecutionRunners.load(SETTINGS, loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exactly one")
                    .hasMessageContaining(TestRunnerProvider.class.getName())
                    .hasMessageContaining(TestRunnerProvider.Other.class.getName());
        }
    }

    @Test
    void aRegisteredClassThatDoesNotExistIsAnErrorNamingTheServicesFile() throws Exception {
        try (URLClassLoader loader = loaderOver("broken")) {
            assertThatThrownBy(() -> ExecutionRunners.load(SETTINGS, loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(ExecutionRunners.SERVICES_FILE)
                    .hasMessageContaining("NoSuchProvider");
        }
    }
}
