package io.reservoir.console;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.CreatedWorkspace;
import io.reservoir.platform.tenancy.KeyKind;
import io.reservoir.platform.tenancy.Provisioning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The service provider's page: its clients' workspaces with their status; create one with its
 * admin (and keys, shown once), suspend, resume, delete with the name typed again. Refusals name
 * the field in the user's language.
 */
@ConsolePage
class WorkspacesPage {

    private final Provisioning provisioning;
    private final Refusals refusals;

    WorkspacesPage(Provisioning provisioning, Refusals refusals) {
        this.provisioning = provisioning;
        this.refusals = refusals;
    }

    @GetMapping("/workspaces")
    String page(Caller caller, Model model) {
        model.addAttribute("workspaces", provisioning.list(caller));
        model.addAttribute("home", caller.workspaceId());
        return "console/workspaces";
    }

    @PostMapping("/workspaces")
    String create(
            Caller caller,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String adminUsername,
            @RequestParam(required = false) String adminDisplayName,
            @RequestParam(required = false) String adminPassword,
            @RequestParam(required = false) List<String> keys,
            Locale locale,
            RedirectAttributes redirect) {
        return outcome(redirect, locale, () -> {
            List<KeyKind> kinds = new ArrayList<>();
            for (String kind : keys == null ? List.<String>of() : keys) {
                kinds.add(KeyKind.parse("keys", kind));
            }
            CreatedWorkspace created = provisioning.create(
                    caller, name, new Provisioning.NewAdmin(adminUsername, adminDisplayName, adminPassword), kinds);
            redirect.addFlashAttribute("created", created);
            return "workspaces.created";
        });
    }

    @PostMapping("/workspaces/{id}/suspended")
    String setSuspended(
            Caller caller,
            @PathVariable long id,
            @RequestParam boolean suspended,
            Locale locale,
            RedirectAttributes redirect) {
        return outcome(redirect, locale, () -> {
            provisioning.update(caller, id, null, suspended);
            return suspended ? "workspaces.suspendedNotice" : "workspaces.resumedNotice";
        });
    }

    @PostMapping("/workspaces/{id}/delete")
    String delete(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String confirm,
            Locale locale,
            RedirectAttributes redirect) {
        return outcome(redirect, locale, () -> {
            provisioning.delete(caller, id, confirm);
            return "workspaces.deletedNotice";
        });
    }

    /** Runs a change and redirects back with a notice, or with the refusal in the user's language. */
    private String outcome(RedirectAttributes redirect, Locale locale, Supplier<String> change) {
        try {
            redirect.addFlashAttribute("notice", change.get());
        } catch (ReservoirException e) {
            if (e.kind() == ErrorKind.FORBIDDEN || e.kind() == ErrorKind.NOT_FOUND || e.field() == null) {
                throw e;
            }
            redirect.addFlashAttribute(
                    "failure", refusals.problems("workspaces", e, locale).get(0).line());
            redirect.addFlashAttribute("failureField", e.field());
        }
        return "redirect:/workspaces";
    }
}
