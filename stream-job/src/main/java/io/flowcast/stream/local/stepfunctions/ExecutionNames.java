package io.flowcast.stream.local.stepfunctions;

/**
 * Step Functions' rule for execution (and state machine) names, as the StartExecution API reference
 * states it: 1 to 80 characters, none of them white space, brackets {@code < > { } [ ]}, wildcards
 * {@code ? *}, the special characters {@code " # % \ ^ | ~ ` $ & , ; : /}, control characters
 * (U+0000-001F, U+007F-009F, U+FFFE-FFFF), surrogates (U+D800-DFFF) or U+10FFFF. Names of only
 * {@code 0-9 A-Z a-z - _} are also safe for CloudWatch Logs; others are accepted.
 */
public final class ExecutionNames {

    /** The longest name Step Functions accepts. */
    public static final int MAX_LENGTH = 80;

    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private ExecutionNames() {}

    /** True if Step Functions accepts {@code name} as an execution name. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return false;
        }
        return name.codePoints().allMatch(ExecutionNames::isAllowed);
    }

    private static boolean isAllowed(int c) {
        if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
            return false;
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            // A lone surrogate; a pair arrives as one supplementary code point.
            return false;
        }
        if (c == 0x10FFFF) {
            return false;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return false;
        }
        return FORBIDDEN.indexOf(c) < 0;
    }
}
