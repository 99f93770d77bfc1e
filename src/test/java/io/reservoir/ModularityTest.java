package io.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/** The module boundaries hold: no module reaches into another's internals, and no cycles. */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(ReservoirApplication.class);

    @Test
    void modulesRespectEachOthersBoundaries() {
        MODULES.verify();
    }

    @Test
    void everyTopLevelPackageIsAKnownBusinessModule() {
        assertThat(MODULES.stream()
                        .map(ApplicationModule::getBasePackage)
                        .map(p -> p.getName().substring("io.reservoir.".length())))
                .isSubsetOf(
                        "platform",
                        "identity",
                        "ingest",
                        "loyalty",
                        "audience",
                        "offers",
                        "engage",
                        "guides",
                        "community",
                        "referral",
                        "insight",
                        "console");
    }

    @Test
    void theModuleMapInTheArchitectureDocMatchesTheCode() throws Exception {
        String doc = Files.readString(Path.of("docs", "architecture.md"));
        for (ApplicationModule module : MODULES) {
            String name = module.getBasePackage().getName().substring("io.reservoir.".length());
            assertThat(doc).as("docs/architecture.md names module %s", name).contains("`" + name + "`");
            for (ApplicationModule dependency :
                    module.getBootstrapDependencies(MODULES).toList()) {
                String target = dependency.getBasePackage().getName().substring("io.reservoir.".length());
                assertThat(doc)
                        .as("docs/architecture.md shows %s → %s", name, target)
                        .contains("`" + name + "` → " + "`" + target + "`");
            }
        }
    }
}
