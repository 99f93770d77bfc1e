package io.reservoir.platform.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThat(PhoneNumbers.normalise("phone", raw, "CN")).isEqualTo("+8613800138000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 2671", "0014155552671"})
    void internationalNumbersKeepTheirCountryCode(String raw) {
        assertThat(PhoneNumbers.normalise(raw)).isEqualTo("+14155552671");
    }

    @ParameterizedTest
    @CsvSource({
        "GB, 07400 123456, +447400123456",
        "GB, 7400 123456, +447400123456",
        "GB, +44 7400 123456, +447400123456",
        "GB, 0044 7400 123456, +447400123456",
        "GB, +44 (0)7400 123456, +447400123456",
        "GB, 020 7946 0018, +442079460018",
        "HK, 5123 4567, +85251234567",
        "HK, +852 5123 4567, +85251234567",
        "US, (415) 555-2671, +14155552671",
        "US, 1 415 555 2671, +14155552671",
        "DE, 01512 3456789, +4915123456789",
        "JP, 090-1234-5678, +819012345678",
        "SG, 8123 4567, +6581234567",
        "GB, +86 138 0013 8000, +8613800138000",
        "HK, 0086 13800138000, +8613800138000",
        "us, 415 555 2671, +14155552671"
    })
    void numbersWithoutCountryCodeAreReadInTheBrandsRegion(String region, String raw, String e164) {
        assertThat(PhoneNumbers.normalise("traits.phone", raw, region)).isEqualTo(e164);
    }

    @Test
    void aNumberInvalidForTheRegionIsRefusedNamingFieldAndRegion() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("traits.phone", "07400 1234", "GB"))
                .isInstanceOfSatisfying(ReservoirException.class, e -> {
                    assertThat(e.field()).isEqualTo("traits.phone");
                    assertThat(e.getMessage()).contains("is not a valid phone number for region GB");
                });
        // a bare Chinese mobile is not a number of Great Britain
        assertThatThrownBy(() -> PhoneNumbers.normalise("traits.phone", "13800138000", "GB"))
                .isInstanceOfSatisfying(
                        ReservoirException.class,
                        e -> assertThat(e.getMessage()).contains("for region GB"));
        assertThatThrownBy(() -> PhoneNumbers.normalise("traits.phone", "+44 12", "CN"))
                .isInstanceOfSatisfying(
                        ReservoirException.class,
                        e -> assertThat(e.getMessage())
                                .contains("is not a valid phone number")
                                .doesNotContain("region"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "12345",
                "23800138000",
                "+86 010 1234 5678",
                "1380013800",
                "phone",
                "+12",
                "4155552671",
                "+1 415 555 267",
                "+999 1234 5678",
                "138001380001380013800"
            })
    void whatIsNotAPhoneNumberIsRefusedNamingTheField(String raw) {
        assertThatThrownBy(() -> PhoneNumbers.normalise(raw))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("phone"));
    }
}
