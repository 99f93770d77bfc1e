package io.reservoir.platform.api;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.ClientWorkspace;
import io.reservoir.platform.tenancy.CreatedWorkspace;
import io.reservoir.platform.tenancy.KeyKind;
import io.reservoir.platform.tenancy.Provisioning;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The service provider's API: its clients' workspaces. Only the provider key reaches it. */
@RestController
@RequestMapping("/api/v1/workspaces")
class ProviderWorkspaceController {

    private final Provisioning provisioning;

    ProviderWorkspaceController(Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    record NewAdmin(String username, String displayName, String password) {}

    /** {@code keys}: the kinds of key to issue now, {@code write} and/or {@code management}. */
    record NewWorkspace(String name, NewAdmin admin, List<String> keys) {}

    record WorkspaceChange(String name, Boolean suspended) {}

    @GetMapping
    Page<ClientWorkspace> list(Caller caller) {
        return Page.of(provisioning.list(caller));
    }

    @GetMapping("/{id}")
    ClientWorkspace get(Caller caller, @PathVariable long id) {
        return provisioning.get(caller, id);
    }

    /** The answer carries the new keys' secrets; they are not shown again. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedWorkspace create(Caller caller, @RequestBody NewWorkspace body) {
        if (body == null) {
            throw ReservoirException.invalid("name", "is required");
        }
        List<KeyKind> kinds = new ArrayList<>();
        List<String> keys = body.keys() == null ? List.of() : body.keys();
        for (int i = 0; i < keys.size(); i++) {
            kinds.add(KeyKind.parse("keys[" + i + "]", keys.get(i)));
        }
        Provisioning.NewAdmin admin = body.admin() == null
                ? null
                : new Provisioning.NewAdmin(
                        body.admin().username(),
                        body.admin().displayName(),
                        body.admin().password());
        return provisioning.create(caller, body.name(), admin, kinds);
    }

    /** {@code {"suspended": true}} suspends, {@code false} resumes; {@code name} renames. */
    @PatchMapping("/{id}")
    ClientWorkspace update(Caller caller, @PathVariable long id, @RequestBody WorkspaceChange body) {
        return provisioning.update(caller, id, body.name(), body.suspended());
    }

    /** Deletes the workspace and all its data; {@code confirm} must repeat its name. */
    @DeleteMapping("/{id}")
    ClientWorkspace delete(Caller caller, @PathVariable long id, @RequestParam(required = false) String confirm) {
        return provisioning.delete(caller, id, confirm);
    }
}
