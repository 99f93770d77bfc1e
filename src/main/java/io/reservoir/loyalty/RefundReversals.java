package io.reservoir.loyalty;

import io.reservoir.ingest.OrderRows;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.springframework.stereotype.Component;

/**
 * Takes back the refunded share of an order's points (earned × refunded ÷ paid, rounded half up;
 * never more than the order earned, the ledger sees to that): for the refunds the earner reads
 * after their order's credit, and, when an order earns, for the refunds that came before it — those
 * found no credit when they were read, in an earlier round or earlier in the same one. Either way
 * the reversal is keyed {@code refund:<message id>}, and a round takes a refund back once.
 */
@Component
class RefundReversals {

    private final PointsLedger ledger;
    private final OrderRows orderRows;

    RefundReversals(PointsLedger ledger, OrderRows orderRows) {
        this.ledger = ledger;
        this.orderRows = orderRows;
    }

    /** A refund of an order as the earner read it, with what its order was paid (0: not known). */
    record Refund(long brandId, String orderId, String messageId, long amountFen, long orderPaidFen) {}

    /** An order the earner credited, and where its event sits in the log. */
    record Earned(long brandId, String orderId, long paidFen, long seq) {}

    static String earnKey(long brandId, String orderId) {
        return "order:" + brandId + ":" + orderId;
    }

    /** The reversals of one earner round; {@code allowDebt} answers per brand. */
    Round round(long workspaceId, LongPredicate allowDebt) {
        return new Round(workspaceId, allowDebt);
    }

    final class Round {

        private final long workspaceId;
        private final LongPredicate allowDebt;
        /** The refunds (message ids) this round took back, whichever way. */
        private final Set<String> taken = new HashSet<>();

        private Round(long workspaceId, LongPredicate allowDebt) {
            this.workspaceId = workspaceId;
            this.allowDebt = allowDebt;
        }

        /** Refunds read after the credits before them: those whose order earned are taken back. */
        void afterCredits(List<Refund> refunds) {
            if (refunds.isEmpty()) {
                return;
            }
            Map<String, PointsEntry> earned = ledger.credits(
                    workspaceId,
                    refunds.stream()
                            .map(r -> earnKey(r.brandId(), r.orderId()))
                            .distinct()
                            .toList());
            for (Refund r : refunds) {
                PointsEntry credit = earned.get(earnKey(r.brandId(), r.orderId()));
                if (credit != null) { // else its order came later: taken back when it earns
                    takeBack(credit, r);
                }
            }
        }

        /** The refunds logged before the orders just credited: they found no credit when read. */
        void beforeOrders(List<Earned> orders) {
            if (orders.isEmpty()) {
                return;
            }
            Map<String, Earned> byKey = new HashMap<>();
            orders.forEach(o -> byKey.put(earnKey(o.brandId(), o.orderId()), o));
            List<Refund> early = orderRows
                    .refundsOf(
                            workspaceId,
                            orders.stream()
                                    .map(o -> new OrderRows.OrderKey(o.brandId(), o.orderId()))
                                    .toList())
                    .stream()
                    .filter(r -> r.seq()
                            < byKey.get(earnKey(r.brandId(), r.orderId())).seq())
                    .sorted(Comparator.comparingLong(OrderRows.OrderRefund::seq))
                    .map(r -> new Refund(
                            r.brandId(),
                            r.orderId(),
                            r.messageId(),
                            r.amountFen(),
                            byKey.get(earnKey(r.brandId(), r.orderId())).paidFen()))
                    .toList();
            afterCredits(early);
        }

        private void takeBack(PointsEntry credit, Refund r) {
            long paidFen = r.orderPaidFen();
            if (paidFen <= 0 || !taken.add(r.messageId())) {
                return;
            }
            long share = BigInteger.valueOf(credit.points()) // without overflow
                    .multiply(BigInteger.valueOf(r.amountFen()))
                    .multiply(BigInteger.TWO)
                    .add(BigInteger.valueOf(paidFen))
                    .divide(BigInteger.valueOf(paidFen).multiply(BigInteger.TWO))
                    .longValue();
            if (share > 0) {
                ledger.reverse(
                        workspaceId,
                        credit.brandId(),
                        credit.customerNo(),
                        credit.key(),
                        Math.min(share, credit.points()),
                        "refund:" + r.messageId(),
                        "refund of order " + r.orderId(),
                        allowDebt.test(credit.brandId()));
            }
        }
    }
}
