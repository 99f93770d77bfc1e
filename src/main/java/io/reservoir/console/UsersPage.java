package io.reservoir.console;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.ApiKeys;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.IssuedKey;
import io.reservoir.platform.tenancy.KeyKind;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.Users;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Users and API keys of the workspace. Admins only. */
@ConsolePage
class UsersPage {

    private final Users users;
    private final ApiKeys keys;
    private final Refusals refusals;

    UsersPage(Users users, ApiKeys keys, Refusals refusals) {
        this.users = users;
        this.keys = keys;
        this.refusals = refusals;
    }

    @GetMapping("/users")
    String page(Caller caller, Model model) {
        model.addAttribute("users", users.list(caller));
        model.addAttribute("keys", keys.list(caller));
        model.addAttribute("roles", Role.IN_WORKSPACE.stream().map(Role::id).toList());
        model.addAttribute("defaultRole", Role.LEAST_POWERFUL.id());
        return "console/users";
    }

    @PostMapping("/users")
    String createUser(
            Caller caller,
            @RequestParam String username,
            @RequestParam(required = false) String displayName,
            @RequestParam String role,
            @RequestParam String password,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            users.create(caller, username, displayName, Role.parse("role", role), password);
            redirect.addFlashAttribute("notice", "users.created");
        } catch (ReservoirException refused) {
            if (!Refusals.isForTheForm(refused)) {
                throw refused;
            }
            redirect.addFlashAttribute("problems", refusals.problems("users", refused, locale));
        }
        return "redirect:/users";
    }

    @PostMapping("/users/{id}/enabled")
    String setEnabled(
            Caller caller, @PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        return Outcome.of(redirect, "/users", () -> {
            users.update(caller, id, null, null, enabled);
            return enabled ? "users.enabled" : "users.disabled";
        });
    }

    @PostMapping("/keys")
    String issueKey(Caller caller, @RequestParam String kind, @RequestParam String name, RedirectAttributes redirect) {
        return Outcome.of(redirect, "/users", () -> {
            IssuedKey issued = keys.issue(caller, KeyKind.parse("kind", kind), name);
            redirect.addFlashAttribute("issuedKey", issued);
            return "keys.createdNotice";
        });
    }

    @PostMapping("/keys/{id}/revoke")
    String revokeKey(Caller caller, @PathVariable long id, RedirectAttributes redirect) {
        return Outcome.of(redirect, "/users", () -> {
            keys.revoke(caller, id);
            return "keys.revokedNotice";
        });
    }

    /** Runs a change and redirects back with a success notice, or with the refusal's reason. */
    static final class Outcome {

        private Outcome() {}

        static String of(RedirectAttributes redirect, String back, Supplier<String> change) {
            try {
                redirect.addFlashAttribute("notice", change.get());
            } catch (ReservoirException e) {
                if (e.kind() == ErrorKind.FORBIDDEN || e.kind() == ErrorKind.NOT_FOUND) {
                    throw e;
                }
                redirect.addFlashAttribute("failure", e.getMessage());
            }
            return "redirect:" + back;
        }
    }
}
