package io.reservoir;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameContaining;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.reservoir.support.SourceText;
import io.reservoir.support.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Time is explicit: the product reads it only through the injected {@link Clock}, and the tests only
 * from the {@link TestClock test calendar} that the application under test runs on. A test that
 * read the machine's date could pass today and fail once the calendar overtakes its fixed dates.
 * Elapsed time ({@code System.nanoTime()}) is no date and stays allowed.
 */
class ClockDisciplineTest {

    static final Set<String> DATED_TYPES = Set.of(
            "java.time.Instant",
            "java.time.LocalDate",
            "java.time.LocalDateTime",
            "java.time.LocalTime",
            "java.time.ZonedDateTime",
            "java.time.OffsetDateTime",
            "java.time.OffsetTime",
            "java.time.Year",
            "java.time.YearMonth",
            "java.time.MonthDay");

    /** {@code X.now()}, {@code X.now(zone)}, the system clocks and the millisecond wall clock. */
    static final DescribedPredicate<JavaCall<?>> READS_THE_MACHINES_DATE =
            DescribedPredicate.describe("reads the machine's date", call -> {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
                if (DATED_TYPES.contains(owner) && name.equals("now")) {
                    return parameters.isEmpty() || !parameters.get(0).isAssignableTo(Clock.class);
                }
                if (owner.equals(Clock.class.getName())) {
                    return name.startsWith("system") || name.equals("tickMillis") || name.equals("tickSeconds");
                }
                if (owner.equals(Date.class.getName())) {
                    return name.equals(JavaConstructor.CONSTRUCTOR_NAME) && parameters.isEmpty();
                }
                return owner.equals(System.class.getName()) && name.equals("currentTimeMillis");
            });

    static final Pattern SQL_CLOCK = Pattern.compile(
            "\\bnow\\s*\\(\\s*\\)|\\b(current_timestamp|current_date|current_time|localtimestamp|localtime"
                    + "|clock_timestamp|statement_timestamp|transaction_timestamp|sysdate|systimestamp)\\b",
            Pattern.CASE_INSENSITIVE);

    /** The compiled classes, read once for the rules that look at them. */
    static final JavaClasses PRODUCT = classes(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);

    static final JavaClasses TESTS = classes(ImportOption.Predefined.ONLY_INCLUDE_TESTS);

    @Test
    void theProductReadsTimeOnlyThroughTheInjectedClock() {
        refuseTheMachinesDate(
                PRODUCT,
                name("io.reservoir.platform.PlatformConfiguration"), // makes the Clock
                "the schedules and every figure must follow one clock that tests can fix");
    }

    /** The database's own clock is the machine's too, and H2 runs inside the JVM under test. */
    @Test
    void theProductsSqlNeverAsksTheDatabaseForTheTime() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : SourceText.files(SourceText.MAIN, "")) {
            String text = Files.readString(file);
            String sql = file.toString().endsWith(".java") ? String.join("\n", SourceText.stringLiterals(text)) : text;
            Matcher found = SQL_CLOCK.matcher(sql);
            while (found.find()) {
                offenders.add(file + ": " + found.group());
            }
        }
        assertThat(offenders)
                .as("SQL that reads the database's clock; pass the Clock's instant instead")
                .isEmpty();
    }

    @Test
    void testsReadTimeOnlyFromTheTestCalendar() {
        refuseTheMachinesDate(
                TESTS,
                // benchmarks measure a Reservoir of their own, on the machine's calendar
                belongToAnyOf(TestClock.class).or(simpleNameContaining("Bench")),
                "the application under test runs on TestClock: a test on the machine's date"
                        + " fails once the calendar overtakes its fixed dates");
    }

    /** A test that sleeps until a schedule has run is slow when it waits and flaky when it does not. */
    @Test
    void testsRunTheWorkTheyWaitForOrAwaitAConditionRatherThanSleep() {
        noClasses()
                .that(DescribedPredicate.not(simpleNameContaining("Bench")))
                .should()
                .callMethod(Thread.class, "sleep", long.class)
                .orShould()
                .callMethod(TimeUnit.class, "sleep", long.class)
                .because("a test calls the work it waits for (e.g. LoyaltyRounds), or awaits a condition")
                .check(TESTS);
    }

    private static JavaClasses classes(ImportOption which) {
        return new ClassFileImporter().withImportOption(which).importPackages("io.reservoir");
    }

    private static void refuseTheMachinesDate(
            JavaClasses classes, DescribedPredicate<? super JavaClass> exempt, String because) {
        noClasses()
                .that(DescribedPredicate.not(exempt))
                .should()
                .callCodeUnitWhere(READS_THE_MACHINES_DATE)
                .because(because)
                .check(classes);
    }
}
