package io.reservoir.ingest;

import io.reservoir.identity.ProfileSection;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Intake's parts of the customer 360 view: orders and private-domain relations. */
@Configuration(proxyBeanMethods = false)
class CustomerFacts {

    static final int RECENT_ORDERS = 20;

    /** Amounts as exact decimal yuan strings in answers, computed from fen. */
    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    record OrderLine(
            long brandId,
            String orderId,
            String channel,
            Instant paidAt,
            String paid,
            String refunded,
            String net,
            String currency,
            JsonNode items,
            List<String> couponCodes,
            String guideCode,
            String shareCode) {}

    /**
     * The customer's orders; {@code refunded} is what refunds took back from them (never more than
     * was paid for each), {@code refundedWithoutOrder} the customer-level refunds (returns that name
     * no order), {@code net} what was paid less both. {@code waiting} sums the refunds of orders not
     * received yet: they count once their order arrives.
     */
    record Orders(
            int count,
            String paid,
            String refunded,
            String refundedWithoutOrder,
            String waiting,
            String net,
            Instant firstPaidAt,
            Instant lastPaidAt,
            List<OrderLine> recent) {}

    record Relation(long brandId, String field, Instant since, Instant until, String source, boolean open) {}

    @Bean
    ProfileSection ordersSection(JdbcTemplate jdbc, JsonMapper json) {
        return new ProfileSection() {
            @Override
            public String name() {
                return "orders";
            }

            @Override
            public Object describe(Caller caller, int customerNo) {
                List<OrderLine> lines = jdbc.query(
                        """
                        select o.*, least(o.paid_fen, coalesce((select sum(r.amount_fen) from order_refund r
                                               where r.workspace_id = o.workspace_id and r.brand_id = o.brand_id
                                                 and r.order_id = o.order_id), 0)) as refunded_fen
                          from customer_order o
                         where o.workspace_id = ? and o.customer_no = ?
                         order by o.paid_at desc
                        """,
                        (rs, row) -> {
                            long paid = rs.getLong("paid_fen");
                            long refunded = rs.getLong("refunded_fen");
                            String items = rs.getString("items");
                            String coupons = rs.getString("coupon_codes");
                            return new OrderLine(
                                    rs.getLong("brand_id"),
                                    rs.getString("order_id"),
                                    rs.getString("channel"),
                                    SqlTime.read(rs, "paid_at"),
                                    yuan(paid),
                                    yuan(refunded),
                                    yuan(paid - refunded),
                                    rs.getString("currency"),
                                    items == null ? null : json.readTree(items),
                                    coupons == null ? List.of() : List.of(coupons.split(",")),
                                    rs.getString("guide_code"),
                                    rs.getString("share_code"));
                        },
                        caller.workspaceId(),
                        customerNo);
                long paid = 0;
                long refunded = 0;
                for (OrderLine line : lines) {
                    paid += new BigDecimal(line.paid()).movePointRight(2).longValueExact();
                    refunded +=
                            new BigDecimal(line.refunded()).movePointRight(2).longValueExact();
                }
                long[] other = jdbc.queryForObject(
                        """
                        select coalesce(sum(case when r.order_id is null then r.amount_fen end), 0),
                               coalesce(sum(case when r.order_id is not null and not exists (
                                   select 1 from customer_order o where o.workspace_id = r.workspace_id
                                      and o.brand_id = r.brand_id and o.order_id = r.order_id)
                                   then r.amount_fen end), 0)
                          from order_refund r
                         where r.workspace_id = ? and r.customer_no = ?
                        """, (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}, caller.workspaceId(), customerNo);
                return new Orders(
                        lines.size(),
                        yuan(paid),
                        yuan(refunded),
                        yuan(other[0]),
                        yuan(other[1]),
                        yuan(paid - refunded - other[0]),
                        lines.isEmpty() ? null : lines.get(lines.size() - 1).paidAt(),
                        lines.isEmpty() ? null : lines.get(0).paidAt(),
                        lines.subList(0, Math.min(RECENT_ORDERS, lines.size())));
            }
        };
    }

    @Bean
    ProfileSection relationsSection(JdbcTemplate jdbc) {
        return new ProfileSection() {
            @Override
            public String name() {
                return "relations";
            }

            @Override
            public Object describe(Caller caller, int customerNo) {
                return jdbc.query(
                        """
                        select * from customer_relation where workspace_id = ? and customer_no = ?
                         order by brand_id, field, since
                        """,
                        (rs, row) -> {
                            Instant until = SqlTime.read(rs, "until");
                            return new Relation(
                                    rs.getLong("brand_id"),
                                    rs.getString("field"),
                                    SqlTime.read(rs, "since"),
                                    until,
                                    rs.getString("source"),
                                    until == null);
                        },
                        caller.workspaceId(),
                        customerNo);
            }
        };
    }
}
