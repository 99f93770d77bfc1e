package io.reservoir.platform.api;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkspaceController {

    private final Workspaces workspaces;

    WorkspaceController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** The workspace the presented key belongs to. */
    @GetMapping("/api/v1/workspace")
    Workspace current(Caller caller) {
        return workspaces.current(caller);
    }
}
