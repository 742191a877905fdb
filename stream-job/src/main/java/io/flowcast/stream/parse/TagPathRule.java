package io.flowcast.stream.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an N3uron tag path into asset id and signal name. Returns null when the path does not fit
 * the rule; the parser turns that into an {@code UNKNOWN_TAG_PATTERN} dead letter.
 */
public interface TagPathRule {

    /** The asset and signal of {@code tagPath}, or null when it does not match. */
    AssetSignal resolve(String tagPath);

    /** The rule a {@link ParseConfig} describes. */
    static TagPathRule from(ParseConfig config) {
        switch (config.tagRule()) {
            case REGEX:
                return new RegexRule(Pattern.compile(config.tagRegex()));
            case LAST_SEGMENT:
            default:
                return new LastSegmentRule(config.tagSeparator());
        }
    }

    /** Asset id and signal name of one tag path. */
    final class AssetSignal {
        public final String assetId;
        public final String signal;

        public AssetSignal(String assetId, String signal) {
            this.assetId = assetId;
            this.signal = signal;
        }

        @Override
        public String toString() {
            return assetId + " / " + signal;
        }
    }

    /**
     * The default: the last segment is the signal, the rest (without a leading separator) the
     * asset. At least two segments, none of them empty or blank.
     */
    final class LastSegmentRule implements TagPathRule {
        private final String separator;

        public LastSegmentRule(String separator) {
            this.separator = separator;
        }

        @Override
        public AssetSignal resolve(String tagPath) {
            String path =
                    tagPath.startsWith(separator) ? tagPath.substring(separator.length()) : tagPath;
            int last = path.lastIndexOf(separator);
            if (last <= 0 || last + separator.length() >= path.length()) {
                return null;
            }
            String asset = path.substring(0, last);
            String signal = path.substring(last + separator.length());
            if (signal.isBlank() || hasEmptySegment(asset)) {
                return null;
            }
            return new AssetSignal(asset, signal);
        }

        private boolean hasEmptySegment(String asset) {
            int from = 0;
            while (true) {
                int next = asset.indexOf(separator, from);
                int end = next < 0 ? asset.length() : next;
                if (asset.substring(from, end).isBlank()) {
                    return true;
                }
                if (next < 0) {
                    return false;
                }
                from = next + separator.length();
            }
        }
    }

    /** A configured pattern with named groups {@code asset} and {@code signal}. */
    final class RegexRule implements TagPathRule {
        private final Pattern pattern;

        public RegexRule(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public AssetSignal resolve(String tagPath) {
            Matcher m = pattern.matcher(tagPath);
            if (!m.matches()) {
                return null;
            }
            String asset = m.group("asset");
            String signal = m.group("signal");
            if (asset == null || signal == null || asset.isBlank() || signal.isBlank()) {
                return null;
            }
            return new AssetSignal(asset, signal);
        }
    }
}
