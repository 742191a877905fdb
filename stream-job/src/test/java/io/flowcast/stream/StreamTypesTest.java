package io.flowcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that travels between operators is a Flink POJO, serialized without Kryo. */
class StreamTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {RawTelemetryRecord.class, TelemetrySample.class, DeadLetter.class})
    void streamTypesArePojosWithoutKryoFallback(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);

        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes(); // fails on any field that would need Kryo
        var serializer = info.createSerializer(config.getSerializerConfig());
        assertThat(serializer)
                .isInstanceOf(PojoSerializer.class)
                .isNotInstanceOf(KryoSerializer.class);
    }
}
