package io.flowcast.training.registry;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Minimal gzip-compressed POSIX ustar archives of regular files, enough for SageMaker's {@code
 * model.tar.gz} (one file, {@code xgboost-model}) and for reading such an archive back. No
 * directories, links or long names (names up to 100 bytes).
 */
public final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {}

    /**
     * Writes the entries, in map order, as a tar.gz to {@code out} (not closed).
     *
     * @param mtimeSeconds modification time stored for every entry, epoch seconds
     * @throws IllegalArgumentException for an empty or longer than 100 byte name
     */
    public static void write(Map<String, byte[]> entries, long mtimeSeconds, OutputStream out)
            throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] content = e.getValue();
            gzip.write(header(e.getKey(), content.length, mtimeSeconds));
            gzip.write(content);
            int pad = (BLOCK - content.length % BLOCK) % BLOCK;
            gzip.write(new byte[pad]);
        }
        // End of archive: two zero blocks.
        gzip.write(new byte[2 * BLOCK]);
        gzip.finish();
    }

    /** The archive's regular-file entries by name, in archive order. */
    public static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        InputStream tar = new GZIPInputStream(in);
        byte[] header = new byte[BLOCK];
        while (true) {
            readFully(tar, header);
            if (isZero(header)) {
                return entries;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            byte[] content = new byte[Math.toIntExact(size)];
            readFully(tar, content);
            readFully(tar, new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
            char type = (char) header[156];
            if (type == '0' || type == 0) {
                entries.put(name, content);
            }
        }
    }

    private static byte[] header(String name, long size, long mtimeSeconds) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name must be 1-100 bytes: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtimeSeconds);
        h[156] = '0';
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        // The checksum is computed with its own field as spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        ascii(h, 148, chk);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar field");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        ascii(h, offset, padded);
        h[offset + length - 1] = 0;
    }

    private static void ascii(byte[] h, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(InputStream in, byte[] buffer) throws IOException {
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new EOFException("truncated tar archive");
            }
            read += n;
        }
    }

    /** The tar.gz of the entries as bytes. */
    public static byte[] toBytes(Map<String, byte[]> entries, long mtimeSeconds)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(entries, mtimeSeconds, out);
        return out.toByteArray();
    }
}
