package io.reservoir.identity;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Customer lookup and the customer 360 view. */
@RestController
@RequestMapping("/api/v1/customers")
class CustomerController {

    private final Customers customers;
    private final List<ProfileSection> sections;

    CustomerController(Customers customers, List<ProfileSection> sections) {
        this.customers = customers;
        this.sections = sections;
    }

    record Found(List<CustomerRef> items) {}

    record ConsentBody(@NotNull Boolean granted, String source) {}

    /** Finds the customer holding an identity: {@code ?identity=phone:13800138000}. */
    @GetMapping
    Found find(Caller caller, @RequestParam String identity) {
        IdentityValue value = IdentityValue.parse("identity", identity);
        return new Found(customers.findByIdentity(caller, value).stream().toList());
    }

    /**
     * The 360 view: profile, then one section per module (orders, relations, …). A merged
     * profile answers with its status and {@code mergedInto}, the profile to read instead.
     */
    @GetMapping("/{id}")
    Map<String, Object> get(
            Caller caller, @PathVariable String id, @RequestParam(defaultValue = "false") boolean reveal) {
        CustomerProfile profile = customers.profile(caller, id, reveal);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("profile", profile);
        if ("active".equals(profile.status())) {
            for (ProfileSection section : sections) {
                view.put(section.name(), section.describe(caller, profile.customerNo()));
            }
        }
        return view;
    }

    /** Undoes the merge that retired this (merged) profile; answers the restored profile. */
    @PostMapping("/{id}/unmerge")
    CustomerRef unmerge(Caller caller, @PathVariable String id) {
        return customers.unmerge(caller, id);
    }

    /** Erases the customer's personal data (PIPL / GDPR); anonymised facts stay. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void erase(Caller caller, @PathVariable String id) {
        customers.erase(caller, id);
    }

    @PutMapping("/{id}/consent/{channel}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void consent(
            Caller caller,
            @PathVariable String id,
            @PathVariable String channel,
            @Valid @RequestBody ConsentBody body) {
        if (body.granted() == null) {
            throw ReservoirException.invalid("granted", "is required");
        }
        customers.setConsent(caller, id, ConsentChannel.parse("channel", channel), body.granted(), body.source());
    }
}
