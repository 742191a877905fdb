package io.flowcast.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The drift event (a stream type) and the detector state (keyed state) serialize without Kryo. */
class DriftTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {DriftEvent.class, DriftState.class})
    void arePojosWithoutKryoFallback(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);

        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes(); // fails on any field that would need Kryo
        assertThat(info.createSerializer(config.getSerializerConfig()))
                .isInstanceOf(PojoSerializer.class);
    }
}
