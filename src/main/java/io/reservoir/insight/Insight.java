package io.reservoir.insight;

import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** The insight module's API: FAST+ figures of a brand per period and the customers behind them. */
@Service
public class Insight {

    /** The FAST+ figures of {@code brandId} for {@code period}; 404 for another workspace's brand. */
    public FastReport fast(Caller caller, long brandId, Period period) {
        throw new UnsupportedOperationException("in progress");
    }

    /** The figures of every period from {@code from} to {@code to} (same kind), oldest first. */
    public List<FastReport> series(Caller caller, long brandId, Period from, Period to) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * The customers (dense numbers, ascending) behind a figure of {@link #fast}: {@code capital},
     * {@code capital.layer.<layer>}, {@code capital.field.<field>}, {@code deepened},
     * {@code transition.<from>.<to>}, {@code connection.<field>.visitors},
     * {@code connection.<field>.active}, {@code clv.layer.<layer>}; an unknown key is a 400
     * naming {@code figure}.
     */
    public int[] customers(Caller caller, long brandId, Period period, String figure) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Each layered customer's CLV at the end of {@code period}, in fen. */
    public Map<Integer, Long> clv(Caller caller, long brandId, Period period) {
        throw new UnsupportedOperationException("in progress");
    }
}
