package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Periods as docs/metrics.md defines them: days, ISO weeks, months, quarters and windows. */
class PeriodTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Period p(String text) {
        return Period.parse("period", text);
    }

    private static void assertDays(Period period, String first, String last) {
        assertThat(period.first()).as("%s first", period).isEqualTo(LocalDate.parse(first));
        assertThat(period.last()).as("%s last", period).isEqualTo(LocalDate.parse(last));
    }

    @Test
    void eachKindCoversItsDays() {
        assertDays(p("2025-06-18"), "2025-06-18", "2025-06-18");
        assertDays(p("2025-W01"), "2024-12-30", "2025-01-05");
        assertDays(p("2020-W53"), "2020-12-28", "2021-01-03");
        assertDays(p("2024-02"), "2024-02-01", "2024-02-29");
        assertDays(p("2025-Q4"), "2025-10-01", "2025-12-31");
        assertDays(p("2025-06-01..2025-06-18"), "2025-06-01", "2025-06-18");
        assertThat(p("2025-06-01..2025-06-18").days()).isEqualTo(18);
    }

    @Test
    void aPeriodIsWrittenAsItIsRead() {
        for (String text :
                new String[] {"2025-06-18", "2025-W01", "2020-W53", "2024-02", "2025-Q4", "2025-06-01..2025-06-18"}) {
            assertThat(p(text).text()).isEqualTo(text);
        }
        assertThat(Period.of(Period.Kind.WEEK, LocalDate.parse("2025-01-01")).text())
                .isEqualTo("2025-W01");
    }

    @Test
    void neighboursAreOfTheSameKindAndAWindowKeepsItsLength() {
        assertThat(p("2025-01").previous().text()).isEqualTo("2024-12");
        assertThat(p("2025-W01").previous().text()).isEqualTo("2024-W52");
        assertThat(p("2025-Q1").next().text()).isEqualTo("2025-Q2");
        assertDays(p("2025-06-01..2025-06-18").previous(), "2025-05-14", "2025-05-31");
        assertDays(p("2025-06-01..2025-06-18").next(), "2025-06-19", "2025-07-06");
        assertThat(p("2025-10").through(p("2025-12")))
                .extracting(Period::text)
                .containsExactly("2025-10", "2025-11", "2025-12");
    }

    @Test
    void aYearEarlierIsTheSameWeekNumberOrTheLastWeekOfAShorterYear() {
        assertThat(p("2025-W23").yearEarlier().text()).isEqualTo("2024-W23");
        assertThat(p("2020-W53").yearEarlier().text()).as("2019 has 52 weeks").isEqualTo("2019-W52");
        assertThat(p("2025-10").yearEarlier().text()).isEqualTo("2024-10");
        assertThat(p("2025-06-01..2025-06-18").yearEarlier().text()).isEqualTo("2024-06-01..2024-06-18");
    }

    @Test
    void startAndEndAreTheMidnightsAroundItsDaysInTheBrandsZone() {
        Period october = p("2025-10");
        assertThat(october.start(SHANGHAI)).isEqualTo(Instant.parse("2025-09-30T16:00:00Z"));
        assertThat(october.end(SHANGHAI)).isEqualTo(Instant.parse("2025-10-31T16:00:00Z"));
    }

    @Test
    void badPeriodsAreRefusedNamingTheField() {
        for (String[] bad : new String[][] {
            {"", "is required"},
            {"2025-13", "is not a valid date"},
            {"2021-W53", "has no week 53 in 2021"},
            {"2025-06-18..2025-06-01", "ends before it starts"},
            {"2000-01-01..2025-01-01", "is longer than 3660 days"},
            {"June", "must be a day"}
        }) {
            assertThatThrownBy(() -> p(bad[0]))
                    .as(bad[0])
                    .isInstanceOfSatisfying(
                            ReservoirException.class, e -> assertThat(e.field()).isEqualTo("period"))
                    .hasMessageContaining(bad[1]);
        }
    }
}
