package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link AssetContext} is a Flink POJO that survives serialization, nulls included. */
class AssetContextTest {

    static final long UPDATED_AT = 1_732_230_000_000L;

    static AssetContext pump() {
        return AssetContext.builder("SiteA/Line1/Pump-001")
                .assetType("pump")
                .site("SiteA")
                .line("Line1")
                .ratedPowerKw(75.5)
                .ratedFlowM3h(180.0)
                .ratedPressureBar(7.25)
                .ratedSpeedRpm(1480.0)
                .modelEndpoint("pump-bearing-temp")
                .modelVariant("canary")
                .updatedAtMillis(UPDATED_AT)
                .build();
    }

    /** Unknown ratings and no routing hints: every nullable field null. */
    static AssetContext inactiveCompressorWithUnknownRatings() {
        return AssetContext.builder("SiteB/Line2/Compressor-002")
                .assetType("compressor")
                .site("SiteB")
                .line("Line2")
                .active(false)
                .updatedAtMillis(UPDATED_AT)
                .build();
    }

    @Test
    void isAPojoSerializedWithoutKryo() throws Exception {
        TypeInformation<AssetContext> info = TypeInformation.of(AssetContext.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);

        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes(); // fails on any field that would need Kryo
        TypeSerializer<AssetContext> serializer =
                info.createSerializer(config.getSerializerConfig());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);

        for (AssetContext original :
                new AssetContext[] {pump(), inactiveCompressorWithUnknownRatings()}) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(original, out);
            AssetContext copy =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(copy).isEqualTo(original).isNotSameAs(original);
            assertThat(copy.toString()).isEqualTo(original.toString());
        }
    }

    @Test
    void builderStartsActiveAndRequiresTheNotNullColumns() {
        assertThat(pump().active).isTrue();
        assertThat(inactiveCompressorWithUnknownRatings().ratedFlowM3h).isNull();
        assertThatThrownBy(() -> AssetContext.builder("x").assetType("pump").line("L").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("site is not set");
    }

    @Test
    void equalityCoversEveryField() {
        AssetContext other = pump();
        other.modelVariant = null;
        assertThat(other).isNotEqualTo(pump());
        assertThat(pump()).isEqualTo(pump()).hasSameHashCodeAs(pump());
        assertThat(pump().toString())
                .contains("assetId=SiteA/Line1/Pump-001", "ratedSpeedRpm=1480.0", "active=true");
    }
}
