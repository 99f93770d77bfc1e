package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
                "0086 13800138000", "008613800138000", "86 13800138000", "8613800138000", " (+86) 138.0013.8000 "
            })
    void everyFormOfAMainlandMobileBecomesTheSameE164(String raw) {
        assertThat(PhoneNumbers.normalise(raw)).isEqualTo("+8613800138000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 2671", "0014155552671"})
    void internationalNumbersKeepTheirCountryCode(String raw) {
        assertThat(PhoneNumbers.normalise(raw)).isEqualTo("+14155552671");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "23800138000", "+86 010 1234 5678", "1380013800", "phone", "+12", "4155552671"})
    void whatIsNotAPhoneNumberIsRefusedNamingTheField(String raw) {
        assertThatThrownBy(() -> PhoneNumbers.normalise(raw))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("phone"));
    }
}
