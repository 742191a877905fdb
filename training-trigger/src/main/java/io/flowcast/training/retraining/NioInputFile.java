package io.flowcast.training.retraining;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A local file as Parquet's {@link InputFile}, read through a {@link FileChannel}: no Hadoop {@code
 * FileSystem} (parquet 1.13.1 has no {@code LocalInputFile} yet). Each {@link #newStream()} opens
 * its own channel; seeking moves the channel's position.
 */
public final class NioInputFile implements InputFile {

    private final Path file;

    public NioInputFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public long getLength() throws IOException {
        return java.nio.file.Files.size(file);
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
            @Override
            public long getPos() throws IOException {
                return channel.position();
            }

            @Override
            public void seek(long newPos) throws IOException {
                channel.position(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
