package io.reservoir.console;

import io.reservoir.identity.CustomerLists;
import io.reservoir.ingest.Imports;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows around its content: who is signed in, where, and the nav. */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {

    private final Workspaces workspaces;

    ConsoleModel(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** {@code zone} formats times on pages: the workspace's default brand zone. */
    /**
     * @param exportsCustomers whether the user may download lists of customers ({@link CustomerLists})
     * @param provider whether the user is the service provider, who manages the workspaces
     * @param imports whether the user may import files ({@link Imports})
     */
    record Shell(
            String username,
            String role,
            boolean admin,
            boolean exportsCustomers,
            boolean provider,
            boolean imports,
            String workspace,
            String path,
            ZoneId zone) {}

    @ModelAttribute("shell")
    Shell shell(HttpServletRequest request, Caller caller) {
        return new Shell(
                caller.actorName(),
                caller.role().id(),
                caller.role() == Role.ADMIN,
                CustomerLists.mayExport(caller),
                caller.role() == Role.PROVIDER,
                Imports.mayImport(caller),
                workspaces.current(caller).name(),
                request.getRequestURI(),
                ZoneId.of(Brands.DEFAULT_TIME_ZONE));
    }
}
