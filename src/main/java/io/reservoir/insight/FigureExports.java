package io.reservoir.insight;

import io.reservoir.identity.Contacts;
import io.reservoir.identity.CustomerLists;
import io.reservoir.platform.tenancy.Caller;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The customers behind a FAST+ figure as a download (API and console alike), under the rule of
 * every customer list ({@link CustomerLists}): admins only, contacts masked, audited as
 * {@code report.customers_exported}.
 */
@Service
public class FigureExports {

    private final Insight insight;
    private final CustomerLists lists;

    FigureExports(Insight insight, CustomerLists lists) {
        this.insight = insight;
        this.lists = lists;
    }

    /** E.g. {@code fast-1-2025-10-capital.csv}; the figures as {@link Insight#customers} names them. */
    public CustomerLists.Export customers(Caller caller, long brandId, Period period, String figure) {
        CustomerLists.requireMayExport(caller); // before working out the customers
        int[] behind = insight.customers(caller, brandId, period, figure);
        return lists.export(
                caller,
                behind,
                Contacts.Form.MASKED,
                "fast-" + brandId + "-" + period.text() + "-" + figure,
                new CustomerLists.Audited(
                        "report.customers_exported",
                        "brand",
                        brandId,
                        Map.of("period", period.text(), "figure", figure)));
    }
}
