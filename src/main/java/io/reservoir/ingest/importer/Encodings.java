package io.reservoir.ingest.importer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells UTF-8 from GBK. Tmall and Taobao exports are usually GBK; anything else is UTF-8, with or
 * without a byte-order mark. A chunk that decodes as strict UTF-8 is taken as UTF-8 (ASCII-only is
 * both); otherwise GB18030, the superset of GBK that decodes every GBK file.
 */
final class Encodings {

    static final Charset GB18030 = Charset.forName("GB18030");
    static final int SAMPLE_BYTES = 64 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] GB18030_BOM = {(byte) 0x84, 0x31, (byte) 0x95, 0x33};

    /** The file's charset and the length of its byte-order mark (0 without one). */
    record Detected(Charset charset, int bomLength) {}

    private Encodings() {}

    /**
     * @param sample the first bytes of the file (up to {@link #SAMPLE_BYTES})
     * @param wanted {@code auto}, {@code utf-8} or {@code gbk}
     * @throws ImportRefused for UTF-16 files, which this byte-oriented reader cannot split
     */
    static Detected detect(byte[] sample, int length, ImportRequest.Encoding wanted) {
        if (startsWith(sample, length, UTF8_BOM)) {
            return new Detected(StandardCharsets.UTF_8, UTF8_BOM.length);
        }
        if (startsWith(sample, length, GB18030_BOM)) {
            return new Detected(GB18030, GB18030_BOM.length);
        }
        if (length >= 2
                && ((sample[0] == (byte) 0xFF && sample[1] == (byte) 0xFE)
                        || (sample[0] == (byte) 0xFE && sample[1] == (byte) 0xFF))) {
            throw ImportRefused.file("the file is UTF-16; save it as UTF-8 (or GBK) CSV and import again");
        }
        return switch (wanted) {
            case UTF_8 -> new Detected(StandardCharsets.UTF_8, 0);
            case GBK -> new Detected(GB18030, 0);
            case AUTO -> new Detected(isUtf8(sample, length) ? StandardCharsets.UTF_8 : GB18030, 0);
        };
    }

    /** Strict UTF-8 decoding; a multi-byte character cut off by the end of the sample is not an error. */
    static boolean isUtf8(byte[] sample, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult result = decoder.decode(in, out, length < SAMPLE_BYTES);
        if (result.isError()) {
            return false;
        }
        if (length < SAMPLE_BYTES) {
            try {
                decoder.flush(out);
            } catch (RuntimeException e) {
                return false;
            }
            return !in.hasRemaining();
        }
        // a full sample may end inside a character: at most 3 bytes may be left undecoded
        return in.remaining() < 4;
    }

    static String name(Charset charset) {
        return charset.equals(GB18030) ? "GBK/GB18030" : charset.name();
    }

    private static boolean startsWith(byte[] sample, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (sample[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
