package io.flowcast.stream.local.sagemaker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes {@code model.tar.gz}: a gzip-compressed POSIX (ustar) tar archive holding one
 * regular file, {@value #MODEL_ENTRY}, the booster in any format XGBoost loads (JSON, UBJSON or the
 * legacy binary). That is the artifact SageMaker's built-in XGBoost container expects in {@code
 * ModelDataUrl}.
 *
 * <p>Only what that layout needs is implemented: regular files with names under 100 bytes. Reading
 * skips directories and other entries and fails with an {@link IOException} naming the archive if
 * the model entry is missing or the archive is truncated.
 */
public final class ModelArchive {

    /** The entry SageMaker's built-in XGBoost container loads. */
    public static final String MODEL_ENTRY = "xgboost-model";

    private static final int BLOCK = 512;

    private ModelArchive() {}

    /**
     * Writes {@code model} as the single entry {@value #MODEL_ENTRY} of a new tar.gz at {@code
     * file}.
     */
    public static void write(Path file, byte[] model) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out, model);
        }
    }

    /** {@code model} as the single entry {@value #MODEL_ENTRY} of a tar.gz, in memory. */
    public static byte[] toBytes(byte[] model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length / 2 + BLOCK * 4);
        writeTo(out, model);
        return out.toByteArray();
    }

    /** Returns the bytes of the {@value #MODEL_ENTRY} entry of the tar.gz at {@code file}. */
    public static byte[] readModel(Path file) throws IOException {
        byte[][] model = new byte[1][];
        scan(
                file,
                (name, size, in) -> {
                    if (!name.equals(MODEL_ENTRY)) {
                        return false;
                    }
                    if (size > Integer.MAX_VALUE - 16) {
                        throw new IOException(file + ": entry " + MODEL_ENTRY + " is too large");
                    }
                    model[0] = in.readNBytes((int) size);
                    if (model[0].length != size) {
                        throw new IOException(file + ": truncated entry " + MODEL_ENTRY);
                    }
                    return true;
                });
        if (model[0] == null) {
            throw new IOException(file + ": no entry named " + MODEL_ENTRY);
        }
        return model[0];
    }

    /** The names of the regular-file entries of the tar.gz at {@code file}, in archive order. */
    public static List<String> entryNames(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        scan(
                file,
                (name, size, in) -> {
                    names.add(name);
                    return false;
                });
        return names;
    }

    /** Sees one regular-file entry; returns true to stop (having read its content) . */
    @FunctionalInterface
    private interface EntryVisitor {
        boolean visit(String name, long size, InputStream content) throws IOException;
    }

    private static void writeTo(OutputStream target, byte[] model) throws IOException {
        try (OutputStream out = new GZIPOutputStream(target)) {
            out.write(header(MODEL_ENTRY, model.length));
            out.write(model);
            int padding = (BLOCK - model.length % BLOCK) % BLOCK;
            out.write(new byte[padding]);
            // Two zero blocks end a tar archive.
            out.write(new byte[2 * BLOCK]);
        }
    }

    /** Visits the regular-file entries until the visitor stops or the archive ends. */
    private static void scan(Path file, EntryVisitor visitor) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (readBlock(in, header)) {
                if (isZero(header)) {
                    return;
                }
                String name = field(header, 0, 100);
                String sizeField = field(header, 124, 12).trim();
                long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
                char type = (char) header[156];
                String prefix = field(header, 345, 155);
                String fullName = stripDotSlash(prefix.isEmpty() ? name : prefix + "/" + name);
                boolean regular = type == '0' || type == 0;
                if (regular && visitor.visit(fullName, size, in)) {
                    return;
                }
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                skipFully(in, padded, file);
            }
        }
    }

    private static byte[] header(String name, long size) {
        byte[] header = new byte[BLOCK];
        put(header, 0, name);
        put(header, 100, "0000644\0");
        put(header, 108, "0000000\0");
        put(header, 116, "0000000\0");
        put(header, 124, String.format("%011o\0", size));
        put(header, 136, String.format("%011o\0", System.currentTimeMillis() / 1000));
        header[156] = '0';
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        // The checksum is computed with its own field read as eight spaces.
        put(header, 148, "        ");
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o\0 ", sum));
        return header;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static String stripDotSlash(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        return read == BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void skipFully(InputStream in, long bytes, Path file) throws IOException {
        long remaining = bytes;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException(file + ": truncated tar archive");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
