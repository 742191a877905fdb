package io.flowcast.stream.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.retrain.RetrainExecutionName;
import org.junit.jupiter.api.Test;

/** Step Functions' naming rule, character class by character class. */
class ExecutionNamesTest {

    @Test
    void acceptsOneToEightyAllowedCharacters() {
        assertThat(ExecutionNames.isValid("a")).isTrue();
        assertThat(ExecutionNames.isValid("retrain-pump-v0003-ep_1.2026")).isTrue();
        assertThat(ExecutionNames.isValid("x".repeat(80))).isTrue();
        // Length counts characters (code points), not UTF-16 units.
        assertThat(ExecutionNames.isValid("\uD83D\uDE00".repeat(80))).isTrue();
        assertThat(ExecutionNames.isValid("épisode+(2)=@!'")).isTrue();
    }

    @Test
    void refusesEmptyTooLongAndEveryForbiddenClass() {
        assertThat(ExecutionNames.isValid(null)).isFalse();
        assertThat(ExecutionNames.isValid("")).isFalse();
        assertThat(ExecutionNames.isValid("x".repeat(81))).isFalse();
        for (String c : new String[] {" ", "\t", "\u00A0", "\u2003"}) {
            assertThat(ExecutionNames.isValid("a" + c + "b")).as("white space %s", c).isFalse();
        }
        for (char c : "<>{}[]?*\"#%\\^|~`$&,;:/".toCharArray()) {
            assertThat(ExecutionNames.isValid("a" + c + "b")).as("special %s", c).isFalse();
        }
        for (char c : new char[] {0x00, 0x1F, 0x7F, 0x85, 0x9F, 0xFFFE, 0xFFFF, 0xD800, 0xDFFF}) {
            assertThat(ExecutionNames.isValid("a" + c + "b"))
                    .as("control or lone surrogate U+%04X", (int) c)
                    .isFalse();
        }
        assertThat(ExecutionNames.isValid("a" + new String(Character.toChars(0x10FFFF)))).isFalse();
    }

    @Test
    void everyNameTheRetrainTriggerMakesIsValid() {
        assertThat(ExecutionNames.isValid(RetrainExecutionName.of("pump", "v0003", "ep 1/2")))
                .isTrue();
        assertThat(ExecutionNames.isValid(RetrainExecutionName.of("p".repeat(100), "v1", "e")))
                .isTrue();
    }
}
