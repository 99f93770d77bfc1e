package io.reservoir.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(CsvWriter.line(Arrays.asList("c0123", null, "a,b"))).isEqualTo("c0123,,\"a,b\"");
        assertThat(CsvWriter.line(Arrays.asList("say \"hi\"", "two\nlines", "cr\r")))
                .isEqualTo("\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"");
    }
}
