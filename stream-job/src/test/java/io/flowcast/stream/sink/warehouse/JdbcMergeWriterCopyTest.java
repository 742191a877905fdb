package io.flowcast.stream.sink.warehouse;

/** Every {@link JdbcMergeWriterTest} again with COPY into a staging table, then an upsert. */
class JdbcMergeWriterCopyTest extends JdbcMergeWriterTest {

    @Override
    PostgresDialect dialect() {
        return PostgresDialect.copyStaging();
    }
}
