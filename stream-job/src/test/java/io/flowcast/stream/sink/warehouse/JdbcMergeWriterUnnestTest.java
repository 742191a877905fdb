package io.flowcast.stream.sink.warehouse;

/** Every {@link JdbcMergeWriterTest} again with the {@code unnest} MERGE layout. */
class JdbcMergeWriterUnnestTest extends JdbcMergeWriterTest {

    @Override
    PostgresDialect dialect() {
        return PostgresDialect.unnest();
    }
}
