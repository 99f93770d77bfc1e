package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        List<CsvReader.Record> records = read("id,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\n");

        assertThat(records)
                .extracting(CsvReader.Record::fields)
                .containsExactly(
                        List.of("id", "note"),
                        List.of("1", "a, b"),
                        List.of("2", "say \"hi\""),
                        List.of("3", "two\nlines"));
    }

    @Test
    void recordsEndWithCrlfLfOrALoneCrAndTheLastNeedsNoLineBreak() throws IOException {
        assertThat(read("a\r\nb\nc\rd")).extracting(r -> r.fields().get(0)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void emptyFieldsAndEmptyQuotedFieldsAreEmptyStrings() throws IOException {
        assertThat(read(",\"\",x\n").get(0).fields()).containsExactly("", "", "x");
    }

    @Test
    void everyRecordKnowsTheByteOffsetItStartsAtSoAReaderCanResumeThere() throws IOException {
        byte[] bytes = "h1,h2\n\"多\n行\",1\nnext,2\n".getBytes(StandardCharsets.UTF_8);
        List<CsvReader.Record> records = read(bytes, StandardCharsets.UTF_8);
        long third = records.get(2).start();

        CsvReader resumed = new CsvReader(
                new ByteArrayInputStream(bytes, (int) third, bytes.length - (int) third),
                StandardCharsets.UTF_8,
                third,
                3);

        CsvReader.Record record = resumed.next();
        assertThat(record.fields()).containsExactly("next", "2");
        assertThat(record.number()).isEqualTo(3);
        assertThat(record.start()).isEqualTo(third);
        assertThat(records.get(1).fields()).containsExactly("多\n行", "1");
    }

    @Test
    void recordStartsAreExactByteOffsetsWhateverTheLineBreaksSoAReaderResumesAtAnyOfThem() throws IOException {
        Charset gbk = Charset.forName("GBK");
        String text = "订单编号,备注\r\nT1,\"两\r\n行, \"\"引号\"\"\"\r\n\r\nT2,联系\rT3,\"x\"尾\nT4,\"多\n\n行\"\r\nT5,末";
        byte[] bytes = text.getBytes(gbk);
        List<CsvReader.Record> records = read(bytes, Encodings.GB18030);

        assertThat(records)
                .extracting(CsvReader.Record::fields)
                .containsExactly(
                        List.of("订单编号", "备注"),
                        List.of("T1", "两\r\n行, \"引号\""),
                        List.of(""),
                        List.of("T2", "联系"),
                        List.of("T3", "x尾"),
                        List.of("T4", "多\n\n行"),
                        List.of("T5", "末"));
        for (CsvReader.Record record : records) {
            int start = (int) record.start();
            String before = new String(bytes, 0, start, gbk);
            assertThat(before).as("the text before record %d", record.number()).isEqualTo(prefixBefore(text, record));
            try (CsvReader resumed = new CsvReader(
                    new ByteArrayInputStream(bytes, start, bytes.length - start),
                    Encodings.GB18030,
                    start,
                    record.number())) {
                assertThat(resumed.next()).isEqualTo(record);
            }
        }
    }

    @Test
    void thePositionIsWhereTheNextRecordStartsAndTheFileLengthAtTheEnd() throws IOException {
        byte[] bytes = "a,b\r\n1,2\r\n\"3\n\",4\r\n".getBytes(StandardCharsets.UTF_8);
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, 0, 1)) {
            assertThat(reader.position()).isZero();
            reader.next();
            assertThat(reader.position()).isEqualTo(5);
            assertThat(reader.next().start()).isEqualTo(5);
            assertThat(reader.position()).isEqualTo(10);
            reader.next();
            assertThat(reader.next()).isNull();
            assertThat(reader.position()).isEqualTo(bytes.length);
        }
    }

    /** The text of the records before {@code record}, as the file has them (line breaks included). */
    private static String prefixBefore(String text, CsvReader.Record record) {
        int at = 0;
        for (long n = 1; n < record.number(); n++) {
            boolean quoted = false;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                    if (c == '\r' && at < text.length() && text.charAt(at) == '\n') {
                        at++;
                    }
                    break;
                }
            }
        }
        return text.substring(0, at);
    }

    @Test
    void fieldsLongerThanTheReadBufferAreReadWhole() throws IOException {
        String big = "x".repeat(200_000);
        List<CsvReader.Record> records = read("a,\"" + big + "\"," + big + "\n");

        assertThat(records.get(0).fields()).containsExactly("a", big, big);
    }

    @Test
    void gbkFieldsAreDecodedAndTheirBytesNeverSplitARecord() throws IOException {
        Charset gbk = Charset.forName("GBK");
        // 联 and 系 have second bytes in the ASCII range of GBK; none of them is a separator
        List<CsvReader.Record> records = read("订单编号,联系手机\n\"T1\",\"联系,人\"\n".getBytes(gbk), Encodings.GB18030);

        assertThat(records.get(0).fields()).containsExactly("订单编号", "联系手机");
        assertThat(records.get(1).fields()).containsExactly("T1", "联系,人");
    }

    @Test
    void aQuotedFieldThatNeverClosesIsAFormatErrorNamingTheRecord() {
        assertThatThrownBy(() -> read("a\n\"open,1\n2,3\n"))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("record 2")
                .hasMessageContaining("never closed");
    }

    private static List<CsvReader.Record> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<CsvReader.Record> read(byte[] bytes, Charset charset) throws IOException {
        // a stream that hands out few bytes at a time, to cross buffer refills everywhere
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        List<CsvReader.Record> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(in, charset, 0, 1)) {
            CsvReader.Record record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
        }
        return records;
    }
}
