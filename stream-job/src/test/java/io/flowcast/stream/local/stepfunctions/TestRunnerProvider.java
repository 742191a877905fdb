package io.flowcast.stream.local.stepfunctions;

import java.util.Map;

/**
 * A test-only {@link ExecutionRunnerProvider}, registered in {@code
 * src/test/resources/stepfunctions/<case>/META-INF/services} and found through a class loader over
 * that folder only, so no other test sees it. Its runner answers with the lake path it was given.
 */
public final class TestRunnerProvider implements ExecutionRunnerProvider {

    @Override
    public ExecutionRunner create(Map<String, String> settings) {
        String lake = settings.get(LAKE_PATH);
        return execution -> "{\"lake\":\"" + lake + "\",\"name\":\"" + execution.name() + "\"}";
    }

    /** A second provider, to make two registrations. */
    public static final class Other implements ExecutionRunnerProvider {
        @Override
        public ExecutionRunner create(Map<String, String> settings) {
            return execution -> "{}";
        }
    }
}
