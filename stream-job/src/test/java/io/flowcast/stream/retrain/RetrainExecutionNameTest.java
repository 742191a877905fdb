package io.flowcast.stream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetrainExecutionNameTest {

    @Test
    void aSafeShortNameIsReadableAndStable() {
        String name = RetrainExecutionName.of("pump", "v0003", "ep-20261122T0400");
        assertThat(name).isEqualTo("retrain-pump-v0003-ep-20261122T0400");
        assertThat(RetrainExecutionName.of("pump", "v0003", "ep-20261122T0400")).isEqualTo(name);
        assertThat(RetrainExecutionName.isValid(name)).isTrue();
    }

    @Test
    void differentModelsVersionsAndEpisodesGetDifferentNames() {
        assertThat(RetrainExecutionName.of("pump", "v1", "e1"))
                .isNotEqualTo(RetrainExecutionName.of("compressor", "v1", "e1"))
                .isNotEqualTo(RetrainExecutionName.of("pump", "v2", "e1"))
                .isNotEqualTo(RetrainExecutionName.of("pump", "v1", "e2"));
    }

    @Test
    void unsafeCharactersAreReplacedAndDisambiguatedByAHash() {
        String dotted = RetrainExecutionName.of("pump", "1.2", "2026-11-22T04:00:00Z");
        String dashed = RetrainExecutionName.of("pump", "1-2", "2026-11-22T04-00-00Z");
        assertThat(RetrainExecutionName.isValid(dotted)).isTrue();
        assertThat(dotted).startsWith("retrain-pump-1-2-2026-11-22T04-00-00Z-");
        assertThat(dashed).isEqualTo("retrain-pump-1-2-2026-11-22T04-00-00Z");
        assertThat(dotted).isNotEqualTo(dashed);
    }

    @Test
    void separatorsCannotMakeTwoRequestsCollide() {
        // "a-b" + "c" and "a" + "b-c" read the same once joined with '-'.
        assertThat(RetrainExecutionName.of("a-b", "c", "e"))
                .isEqualTo("retrain-a-b-c-e")
                .isEqualTo(RetrainExecutionName.of("a", "b-c", "e"));
        // ...which is why a drift episode id should be unique per model on its own; the hash
        // separates them as soon as rewriting or length makes the readable part lossy.
        String longA = RetrainExecutionName.of("a.b", "c", "e".repeat(90));
        String longB = RetrainExecutionName.of("a", "b.c", "e".repeat(90));
        assertThat(longA).isNotEqualTo(longB);
    }

    @Test
    void longNamesAreCutTo80CharactersWithAHash() {
        String episode = "episode-" + "x".repeat(120);
        String name = RetrainExecutionName.of("centrifugal_pump", "v0012", episode);
        assertThat(name).hasSize(RetrainExecutionName.MAX_LENGTH);
        assertThat(RetrainExecutionName.isValid(name)).isTrue();
        assertThat(name).startsWith("retrain-centrifugal_pump-v0012-episode-xxx");
        assertThat(name).matches(".*-[0-9a-f]{16}");
        assertThat(RetrainExecutionName.of("centrifugal_pump", "v0012", episode + "y"))
                .hasSize(80)
                .isNotEqualTo(name);
    }

    @Test
    void validityFollowsTheStepFunctionsRules() {
        assertThat(RetrainExecutionName.isValid("a".repeat(80))).isTrue();
        assertThat(RetrainExecutionName.isValid("a".repeat(81))).isFalse();
        assertThat(RetrainExecutionName.isValid("")).isFalse();
        assertThat(RetrainExecutionName.isValid("a b")).isFalse();
        assertThat(RetrainExecutionName.isValid("a:b")).isFalse();
    }
}
