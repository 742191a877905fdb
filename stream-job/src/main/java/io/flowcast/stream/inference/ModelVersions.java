package io.flowcast.stream.inference;

import java.util.regex.Pattern;

/**
 * How model versions are named in a model registry, {@code <registry>/<assetType>/<version>/}:
 * {@code v} and 4 to 9 digits ({@code v0001}, ..., {@code v9999}, {@code v10000}), ordered by
 * number. The one rule for every reader and writer: the job's {@link RegistryBaselines}, the local
 * registry and model server, the trainer; the retraining state machine and {@code
 * scripts/publish-model.sh} name the versions they publish the same way.
 */
public final class ModelVersions {

    private static final Pattern VERSION = Pattern.compile("v\\d{4,9}");

    private ModelVersions() {}

    /** Whether {@code name} is a version directory name ({@code v} and 4 to 9 digits). */
    public static boolean isVersionName(String name) {
        return name != null && VERSION.matcher(name).matches();
    }

    /** The version name for {@code number}: 1 becomes {@code v0001}. */
    public static String versionName(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1, got " + number);
        }
        return String.format("v%04d", number);
    }

    /** The number of a version name: {@code v0002} is 2. */
    public static int versionNumber(String version) {
        if (!isVersionName(version)) {
            throw new IllegalArgumentException("not a version name: '" + version + "'");
        }
        return Integer.parseInt(version.substring(1));
    }
}
