package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void mainlandMobilesShowTheFirstThreeAndLastFourDigits() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.phone("+86 138 1234 5678")).isEqualTo("138****5678");
    }

    @Test
    void internationalNumbersShowTheCountryCodeAndLastFourDigits() {
        assertThat(Masking.phone("+14155552671")).isEqualTo("+14****2671");
        assertThat(Masking.phone("07400 123456", "GB")).isEqualTo("+44****3456");
        assertThat(Masking.phone("+44 7400 123456")).isEqualTo("+44****3456");
    }

    @Test
    void emailsShowTheFirstCharacterAndTheDomain() {
        assertThat(Masking.email("zhang.san@example.com")).isEqualTo("z***@example.com");
        assertThat(Masking.email("a@qq.com")).isEqualTo("a***@qq.com");
        assertThat(Masking.email("not-an-email")).isEqualTo("***");
        assertThat(Masking.email(null)).isEqualTo("***");
    }
}
