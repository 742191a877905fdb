package io.flowcast.stream.sink.lake;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.window.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The lake's Hive-style partition paths, computed from EVENT time in UTC so that a replay of the
 * same input lands in the same partition whenever it is processed:
 *
 * <ul>
 *   <li>predictions and features: {@code asset_type=<type>/dt=YYYY-MM-DD/hour=HH} of the window
 *       end;
 *   <li>dead letters: {@code dt=YYYY-MM-DD/hour=HH} of the Kinesis arrival time (the detection time
 *       when a later stage rejected an item that no longer carries one);
 *   <li>drift events: {@code asset_type=<type>/dt=YYYY-MM-DD/hour=HH} of the episode's last window
 *       end (when the drift was detected, in event time).
 * </ul>
 *
 * <p>An asset type is written as is when it consists of letters, digits, {@code _} and {@code -}
 * only; any other character is percent-encoded (UTF-8, {@code %XX}, as Hive escapes partition
 * values), so no value can add a path level, climb with {@code ..}, or start a hidden file name. A
 * null or empty type becomes Hive's {@value #NULL_PARTITION}. Pure: no Flink types.
 */
public final class LakePartitions {

    /** Hive's name for a partition whose value is null. */
    public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LakePartitions() {}

    /** {@code asset_type=<type>/dt=YYYY-MM-DD/hour=HH} of the window end. */
    public static String of(Prediction prediction) {
        return assetTypeHour(prediction.assetType, prediction.windowEnd);
    }

    /** {@code asset_type=<type>/dt=YYYY-MM-DD/hour=HH} of the window end. */
    public static String of(FeatureVector vector) {
        return assetTypeHour(vector.assetType, vector.windowEnd);
    }

    /** {@code asset_type=<type>/dt=YYYY-MM-DD/hour=HH} of the last window end. */
    public static String of(DriftEvent event) {
        return assetTypeHour(event.assetType, event.lastWindowEnd);
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of the arrival time, else of the detection time. */
    public static String of(DeadLetter letter) {
        long time =
                letter.arrivalTimeMillis != null
                        ? letter.arrivalTimeMillis
                        : letter.detectedAtMillis;
        return hour(time);
    }

    /** {@code asset_type=<escaped type>/dt=YYYY-MM-DD/hour=HH}. */
    public static String assetTypeHour(String assetType, long epochMillis) {
        return "asset_type=" + escape(assetType) + '/' + hour(epochMillis);
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of {@code epochMillis} in UTC. */
    public static String hour(long epochMillis) {
        LocalDateTime t =
                LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(21);
        sb.append("dt=");
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException(
                    "event time " + epochMillis + " ms is outside years 1000-9999");
        }
        sb.append(year).append('-');
        pad2(sb, t.getMonthValue()).append('-');
        pad2(sb, t.getDayOfMonth()).append("/hour=");
        return pad2(sb, t.getHour()).toString();
    }

    /** A partition value safe as one path segment (see the class comment). */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return NULL_PARTITION;
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isSafe(c)) {
                sb = new StringBuilder(value.length() + 8);
                sb.append(value, 0, i);
                for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    if (b >= 0 && isSafe((char) b)) {
                        sb.append((char) b);
                    } else {
                        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                    }
                }
                break;
            }
        }
        return sb == null ? value : sb.toString();
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-';
    }

    private static StringBuilder pad2(StringBuilder sb, int value) {
        return sb.append(value < 10 ? "0" : "").append(value);
    }
}
