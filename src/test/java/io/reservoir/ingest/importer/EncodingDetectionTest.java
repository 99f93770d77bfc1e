package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncodingDetectionTest {

    static final String TMALL_EXPORT = "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间,宝贝标题,联系手机,收货地址\n"
            + "=\"3901234567890\",小明的店铺买家,199.00,交易成功,2025-11-11 00:01:02,羊毛围巾 冬季,13800138000,浙江省 杭州市 西湖区\n";

    @Test
    void aTmallExportWrittenInGbkIsReadAsGbk() {
        byte[] gbk = TMALL_EXPORT.getBytes(Charset.forName("GBK"));

        Encodings.Detected detected = detect(gbk);

        assertThat(detected.charset()).isEqualTo(Encodings.GB18030);
        assertThat(detected.bomLength()).isZero();
        assertThat(new String(gbk, detected.charset())).isEqualTo(TMALL_EXPORT);
    }

    @Test
    void utf8WithoutBomIsReadAsUtf8() {
        assertThat(detect(TMALL_EXPORT.getBytes(StandardCharsets.UTF_8)).charset())
                .isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void aUtf8ByteOrderMarkIsRecognisedAndSkipped() {
        byte[] text = TMALL_EXPORT.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        assertThat(detect(withBom)).isEqualTo(new Encodings.Detected(StandardCharsets.UTF_8, 3));
    }

    @Test
    void aUtf8CharacterCutByTheEndOfTheSampleIsStillUtf8() {
        byte[] text = "中".repeat(Encodings.SAMPLE_BYTES).getBytes(StandardCharsets.UTF_8);
        byte[] sample = Arrays.copyOf(text, Encodings.SAMPLE_BYTES); // 65536 is not a multiple of 3

        assertThat(Encodings.isUtf8(sample, sample.length)).isTrue();
    }

    @Test
    void aChosenEncodingWinsOverDetection() {
        byte[] ascii = "a,b\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(Encodings.detect(ascii, ascii.length, ImportRequest.Encoding.GBK)
                        .charset())
                .isEqualTo(Encodings.GB18030);
    }

    @Test
    void utf16IsRefusedWithAHowTo() {
        byte[] utf16 = "a,b\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);

        assertThatThrownBy(() -> detect(withBom))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("UTF-16");
    }

    private static Encodings.Detected detect(byte[] bytes) {
        return Encodings.detect(bytes, bytes.length, ImportRequest.Encoding.AUTO);
    }
}
