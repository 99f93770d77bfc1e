package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BusinessFormatTest {

    @Test
    void moneyIsWrittenWithTheSignOfTheBrandsCurrency() {
        assertThat(BusinessFormat.value("money", new BigDecimal("1234.50"), "CNY"))
                .isEqualTo("¥1,234.50");
        assertThat(BusinessFormat.value("money", new BigDecimal("1234.50"), "USD"))
                .isEqualTo("US$1,234.50");
        assertThat(BusinessFormat.value("money", new BigDecimal("-5.00"), "GBP"))
                .isEqualTo("−£5.00");
        assertThat(BusinessFormat.value("money", new BigDecimal("8.80"), "HKD")).isEqualTo("HK$8.80");
        assertThat(BusinessFormat.value("count", new BigDecimal("1234"), "USD")).isEqualTo("1,234");
    }
}
