package io.flowcast.training.trigger;

import io.flowcast.stream.retrain.RetrainRequest;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link RetrainCli}, checked when parsed.
 *
 * <pre>
 * --state-machine-arn ARN  the retraining state machine (required)
 * --asset-type T           the model to retrain (required)
 * --model-version V        the version serving now (required; recorded with the run)
 * --region R               default: the ARN's region
 * --reason TEXT            default: manual
 * --episode-id ID          default: manual-YYYYMMDD (UTC), so one manual retrain per model
 *                          version and day; pass another id to start another
 * --requested-by WHO       default: cli
 * --endpoint URI           endpoint override (VPC endpoint or local stand-in)
 * --dry-run                print the AWS CLI call that would start the run, start nothing
 * </pre>
 */
public final class RetrainCliOptions {

    private static final Set<String> REQUIRED =
            Set.of("--state-machine-arn", "--asset-type", "--model-version");
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final RetrainTriggerConfig config;
    private final RetrainRequest request;

    private final boolean dryRun;

    private RetrainCliOptions(RetrainTriggerConfig config, RetrainRequest request, boolean dryRun) {
        this.config = config;
        this.request = request;
        this.dryRun = dryRun;
    }

    /**
     * Parses {@code --flag value} or {@code --flag=value} pairs.
     *
     * @param now the time the default episode id is taken from
     * @throws IllegalArgumentException naming the flag at fault
     */
    public static RetrainCliOptions parse(Instant now, String... args) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("--state-machine-arn", null);
        v.put("--asset-type", null);
        v.put("--model-version", null);
        v.put("--region", null);
        v.put("--reason", "manual");
        v.put("--episode-id", "manual-" + DAY.format(now));
        v.put("--requested-by", "cli");
        v.put("--endpoint", null);
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (!v.containsKey(flag)) {
                throw new IllegalArgumentException(
                        flag
                                + ": unknown option; known: "
                                + String.join(" ", v.keySet())
                                + " --dry-run --help");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(flag + ": missing value");
                }
                value = args[++i];
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(flag + ": empty value");
            }
            v.put(flag, value.trim());
        }
        for (String flag : REQUIRED) {
            if (v.get(flag) == null) {
                throw new IllegalArgumentException(flag + ": required");
            }
        }
        RetrainTriggerConfig.Builder config;
        try {
            config = RetrainTriggerConfig.builder(v.get("--state-machine-arn"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state-machine-arn: " + e.getMessage(), e);
        }
        // One request by hand: no cooldown; the name still dedupes the episode.
        config.region(v.get("--region")).cooldown(Duration.ZERO);
        if (v.get("--endpoint") != null) {
            config.endpointOverride(endpoint(v.get("--endpoint")));
        }
        RetrainRequest request =
                RetrainRequest.builder(
                                v.get("--asset-type"),
                                v.get("--model-version"),
                                v.get("--episode-id"))
                        .reason(v.get("--reason"))
                        .requestedBy(v.get("--requested-by"))
                        .build();
        try {
            return new RetrainCliOptions(config.build(), request, dryRun);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("options: " + e.getMessage(), e);
        }
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "--endpoint: expected http(s)://host[:port], got " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "--endpoint: expected http(s)://host[:port], got " + text, e);
        }
    }

    public RetrainTriggerConfig config() {
        return config;
    }

    public RetrainRequest request() {
        return request;
    }

    /** Print the call instead of making it. */
    public boolean dryRun() {
        return dryRun;
    }
}
