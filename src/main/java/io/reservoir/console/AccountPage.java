package io.reservoir.console;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Users;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in person's own account, reached from their name in the top bar: changing their
 * password, with its rules shown and every problem named at once. The session stays open.
 */
@ConsolePage
class AccountPage {

    private final Users users;
    private final Refusals refusals;

    AccountPage(Users users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @GetMapping("/account/password")
    String page(Model model) {
        rules(model);
        return "console/password";
    }

    @PostMapping("/account/password")
    String change(
            Caller caller,
            @RequestParam(required = false) String currentPassword,
            @RequestParam(required = false) String newPassword,
            @RequestParam(required = false) String repeatPassword,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        try {
            users.changeOwnPassword(caller, currentPassword, newPassword, repeatPassword);
            redirect.addFlashAttribute("notice", "account.passwordChanged");
            return "redirect:/account/password";
        } catch (ReservoirException refused) {
            if (!Refusals.isForTheForm(refused)) {
                throw refused;
            }
            model.addAttribute("problems", refusals.problems("account", refused, locale));
            rules(model);
            return "console/password";
        }
    }

    private static void rules(Model model) {
        model.addAttribute("minLength", Users.MIN_PASSWORD);
        model.addAttribute("maxBytes", Users.MAX_PASSWORD_BYTES);
    }
}
