package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Asset ids map to asset types by ordered rules; malformed rules are refused with the reason. */
class AssetTypeRulesTest {

    private final AssetTypeRules rules =
            AssetTypeRules.parse(
                    "pump=.*/Pump-[^/]+; compressor=.*/Compressor-[^/]+;any-pump=.*Pump.*");

    @Test
    void theFirstWholeMatchWins() {
        assertThat(rules.typeOf("SiteA/Line1/Pump-001")).contains("pump");
        assertThat(rules.typeOf("SiteA/Line1/Compressor-002")).contains("compressor");
        assertThat(rules.typeOf("SiteA/Line1/PumpHouse")).contains("any-pump");
        assertThat(rules.typeOf("SiteA/Line1/Conveyor-9")).isEmpty();
        assertThat(rules.types()).containsExactly("pump", "compressor", "any-pump");
    }

    @Test
    void writtenRulesParseBackToEqualRules() {
        assertThat(AssetTypeRules.parse(rules.toString())).isEqualTo(rules);
    }

    @Test
    void malformedRulesSayWhatIsWrong() {
        assertThatThrownBy(() -> AssetTypeRules.parse("pump"))
                .hasMessageContaining("expected rules like");
        assertThatThrownBy(() -> AssetTypeRules.parse("Pump=.*"))
                .hasMessageContaining("must be lower case");
        assertThatThrownBy(() -> AssetTypeRules.parse("pump=("))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> AssetTypeRules.parse("pump=a;pump=b"))
                .hasMessageContaining("has two rules");
        assertThatThrownBy(() -> AssetTypeRules.parse(" ; "))
                .hasMessageContaining("at least one rule");
    }
}
