package io.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module boundaries hold: no module reaches into another's internals or into a module it does
 * not declare (by bean, type or event alike), no cycles, and the declarations are the doc's map.
 */
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

    /** Each module declares exactly the dependencies that docs/architecture.md lists for it. */
    @Test
    void everyModuleDeclaresTheDependenciesTheArchitectureDocLists() throws Exception {
        String doc = Files.readString(Path.of("docs", "architecture.md"));
        Matcher arrow =
                Pattern.compile("^- `(\\w+)` → `(\\w+)`$", Pattern.MULTILINE).matcher(doc);
        Map<String, Set<String>> documented = new TreeMap<>();
        while (arrow.find()) {
            documented.computeIfAbsent(arrow.group(1), m -> new TreeSet<>()).add(arrow.group(2));
        }
        for (ApplicationModule module : MODULES) {
            String name = module.getBasePackage().getName().substring("io.reservoir.".length());
            org.springframework.modulith.ApplicationModule declaration = Class.forName(
                            module.getBasePackage().getName() + ".package-info")
                    .getAnnotation(org.springframework.modulith.ApplicationModule.class);
            assertThat(declaration)
                    .as("%s/package-info.java declares the module", name)
                    .isNotNull();
            Set<String> declared = new TreeSet<>();
            for (String target : declaration.allowedDependencies()) {
                declared.add(target.split("::")[0].strip());
            }
            assertThat(declared)
                    .as("allowedDependencies of %s against docs/architecture.md", name)
                    .isEqualTo(documented.getOrDefault(name, Set.of()));
        }
    }
}
