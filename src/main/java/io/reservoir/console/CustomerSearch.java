package io.reservoir.console;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityType;
import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What the search box finds: {@code type:value} (any identity), a customer id, or a bare value —
 * a mobile number (read in each brand's phone region), an e-mail address or a member number —
 * tried as every identity type it could be.
 */
@Component
class CustomerSearch {

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{4,24}");

    /** A customer found, and the identity type that found it (null: by its id). */
    record Found(String id, int customerNo, String via) {}

    /**
     * The search could not be read: {@code reason} is a message key ({@code customers.search.*})
     * taking the identity type as its argument.
     */
    static final class Unreadable extends RuntimeException {
        final String reason;
        final String type;

        Unreadable(String reason, String type) {
            super(reason, null, false, false);
            this.reason = reason;
            this.type = type;
        }
    }

    private final Customers customers;
    private final Brands brands;

    CustomerSearch(Customers customers, Brands brands) {
        this.customers = customers;
        this.brands = brands;
    }

    /** The customers {@code query} finds, each once, in the order the types were tried. */
    List<Found> find(Caller caller, String query) {
        Map<String, Found> found = new LinkedHashMap<>();
        for (IdentityValue identity : identities(caller, query)) {
            customers
                    .findByIdentity(caller, identity)
                    .ifPresent(ref -> found.putIfAbsent(
                            ref.id(),
                            new Found(
                                    ref.id(), ref.customerNo(), identity.type().id())));
        }
        if (!query.contains(":")) {
            byId(caller, query)
                    .ifPresent(ref -> found.putIfAbsent(ref.id(), new Found(ref.id(), ref.customerNo(), null)));
        }
        return new ArrayList<>(found.values());
    }

    private List<IdentityValue> identities(Caller caller, String query) {
        int colon = query.indexOf(':');
        if (colon > 0) {
            String typeId = query.substring(0, colon).strip();
            IdentityType type = IdentityType.of(typeId).orElseThrow(() -> new Unreadable("unknownType", typeId));
            List<IdentityValue> values =
                    readAs(caller, type, query.substring(colon + 1).strip());
            if (values.isEmpty()) {
                throw new Unreadable("badValue", typeId);
            }
            return values;
        }
        List<IdentityValue> values = new ArrayList<>();
        if (query.contains("@")) {
            values.addAll(readAs(caller, IdentityType.EMAIL, query));
        } else {
            if (PHONE_LIKE.matcher(query).matches()) {
                values.addAll(readAs(caller, IdentityType.PHONE, query));
            }
            values.addAll(readAs(caller, IdentityType.MEMBER_NO, query));
        }
        return values;
    }

    /** {@code raw} as a value of {@code type}; a phone number once per distinct region of the brands. */
    private List<IdentityValue> readAs(Caller caller, IdentityType type, String raw) {
        Set<String> regions = new LinkedHashSet<>();
        if (type == IdentityType.PHONE) {
            brands.list(caller).stream().map(Brand::phoneRegion).forEach(regions::add);
            regions.add(Brands.DEFAULT_PHONE_REGION);
        } else {
            regions.add(Brands.DEFAULT_PHONE_REGION);
        }
        Set<IdentityValue> values = new LinkedHashSet<>();
        for (String region : regions) {
            try {
                values.add(IdentityValue.of(type, "q", raw, region));
            } catch (ReservoirException notOfThisType) {
                // the value cannot be one of this type: not a candidate
            }
        }
        return new ArrayList<>(values);
    }

    private Optional<CustomerRef> byId(Caller caller, String id) {
        try {
            return Optional.of(customers.get(caller, id));
        } catch (ReservoirException e) {
            if ("not_found".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
