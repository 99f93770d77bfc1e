package io.reservoir.console;

import io.reservoir.ingest.Channels;
import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's program settings: earning, expiry, joining, tiers with benefits and action rewards,
 * in one form that is saved whole or refused naming every input to correct, at once.
 */
@ConsolePage
class LoyaltyProgramPage {

    private final Brands brands;
    private final LoyaltyPrograms programs;
    private final Refusals refusals;

    LoyaltyProgramPage(Brands brands, LoyaltyPrograms programs, Refusals refusals) {
        this.brands = brands;
        this.programs = programs;
        this.refusals = refusals;
    }

    @GetMapping("/loyalty/{brandId}/program")
    String form(Caller caller, @PathVariable long brandId, Model model) {
        Brand brand = brands.get(caller, brandId);
        LoyaltyProgram program = programs.find(caller.workspaceId(), brand.id()).orElse(null);
        return show(brand, ProgramForm.of(program), program == null, model);
    }

    @PostMapping("/loyalty/{brandId}/program")
    String save(
            Caller caller,
            @PathVariable long brandId,
            @RequestParam MultiValueMap<String, String> params,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        Brand brand = brands.get(caller, brandId);
        ProgramForm form = ProgramForm.read(params);
        try {
            LoyaltyProgram program = form.program(brand.id());
            try {
                programs.put(caller, program);
            } catch (ReservoirException refused) {
                throw form.asTyped(refused);
            }
        } catch (ReservoirException refused) {
            if (refused.kind() != ErrorKind.INVALID_INPUT) {
                throw refused;
            }
            List<Refusals.Problem> problems = refusals.problems("loyalty", refused, locale);
            model.addAttribute("problems", problems);
            model.addAttribute("failedFields", Refusals.fields(problems));
            return show(brand, form, false, model);
        }
        redirect.addFlashAttribute("notice", "loyalty.programSaved");
        return "redirect:/loyalty/" + brand.id();
    }

    private static String show(Brand brand, ProgramForm form, boolean first, Model model) {
        model.addAttribute("brand", brand);
        model.addAttribute("form", form);
        model.addAttribute("firstProgram", first);
        model.addAttribute("channels", Channels.CHANNELS.stream().sorted().toList());
        model.addAttribute("actionNames", LoyaltyProgram.ACTIONS);
        return "console/loyalty-program";
    }
}
