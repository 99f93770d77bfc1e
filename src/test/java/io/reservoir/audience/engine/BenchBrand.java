package io.reservoir.audience.engine;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A brand of {@code n} customers written by set-based SQL, for the audience benchmark: customer
 * {@code c} (0 … n−1) gets its properties from multiplicative hashes of its number, so that the
 * same rows come out on H2 and PostgreSQL. 70% members (60% silver, 30% gold, 10% platinum), an
 * {@code rfm} tag with five cells, 40% following the store and 50% the official account, 70% SMS
 * consent granted (the rest withdrawn), 2n {@code Order Completed} events with their orders and n
 * {@code Field Visited} events spread over the last 400 days.
 */
final class BenchBrand {

    private BenchBrand() {}

    /** A number from 0 to 99 for customer x, independent for each salt (a prime below 100). */
    private static String percent(int salt) {
        return "mod(mod(x * " + (1_000_003L * salt) + " + " + salt * salt + ", 999983), 100)";
    }

    /** Writes the brand's customers and returns the id of the {@code rfm} tag. */
    static long write(JdbcTemplate jdbc, String database, long ws, long brand, int n, Instant now) {
        if (jdbc.queryForObject("select count(*) from event_log", Long.class) > 0) {
            throw new IllegalStateException("the benchmark brand is written into an empty database");
        }
        Timestamp at = Timestamp.from(now);
        String customers = range(database, n);
        jdbc.update(
                "insert into customer (workspace_id, customer_no, public_id, status, created_at)"
                        + " select ?, x - 1, concat('bench', x), 'active', ? from " + customers,
                ws,
                at);
        jdbc.update("update customer_counter set next_no = ? where workspace_id = ?", n, ws);
        if (jdbc.queryForObject("select count(*) from customer_counter where workspace_id = ?", Long.class, ws) == 0) {
            jdbc.update("insert into customer_counter (workspace_id, next_no) values (?, ?)", ws, n);
        }
        jdbc.update(
                "insert into customer_consent (workspace_id, customer_no, channel, granted, source, changed_at)"
                        + " select ?, x - 1, 'sms', " + percent(31) + " < 70, 'bench', ? from " + customers,
                ws,
                at);
        for (String[] field : new String[][] {{"store", "17", "40"}, {"official_account", "13", "50"}}) {
            jdbc.update(
                    "insert into customer_relation (workspace_id, customer_no, brand_id, field, since, source)"
                            + " select ?, x - 1, ?, ?, ?, 'bench' from " + customers
                            + " where " + percent(Integer.parseInt(field[1])) + " < " + field[2],
                    ws,
                    brand,
                    field[0],
                    at);
        }
        jdbc.update("""
                insert into loyalty_member (workspace_id, brand_id, customer_no, joined_at, channel, tier_code, tier_since)
                select ?, ?, x - 1, ?, 'tmall',
                       case when %2$s < 60 then 'silver' when %2$s < 90 then 'gold' else 'platinum' end,
                       ?
                  from %1$s where %3$s < 70
                """.formatted(customers, percent(11), percent(7)), ws, brand, at, at);
        jdbc.update("insert into tag (workspace_id, name, kind, created_at) values (?, 'rfm', 'model', ?)", ws, at);
        long tag = jdbc.queryForObject("select id from tag where workspace_id = ? and name = 'rfm'", Long.class, ws);
        jdbc.update("""
                insert into customer_tag (workspace_id, tag_id, customer_no, tag_value, assigned_at)
                select ?, ?, x - 1,
                       case mod(%2$s, 5) when 0 then 'champions' when 1 then 'loyal' when 2 then 'potential'
                                           when 3 then 'at_risk' else 'lost' end,
                       ?
                  from %1$s
                """.formatted(customers, percent(19)), ws, tag, at);
        String orders = range(database, 2L * n);
        String customer = "mod(x * 2654435761, " + n + ")";
        String when =
                "cast(? as timestamp with time zone) - mod(x * 97, 34560000) * interval '1' second"; // within 400 days
        jdbc.update("""
                insert into event_log (workspace_id, seq, message_id, customer_no, brand_id, channel, msg_type, event_name,
                                       occurred_at, received_at, identity_keys, payload)
                select ?, x, concat('bo-', x), %s, ?, 'tmall', 'track', 'Order Completed', %s, ?, '', '{}' from %s
                """.formatted(customer, when, orders), ws, brand, at, at);
        jdbc.update("""
                insert into customer_order (workspace_id, brand_id, order_id, customer_no, channel, paid_at, paid_fen,
                                            currency, message_id)
                select ?, ?, concat('bo-', x), %s, 'tmall', %s, 1000 + mod(x * 37, 50000), 'CNY', concat('bo-', x)
                  from %s
                """.formatted(customer, when, orders), ws, brand, at);
        jdbc.update("""
                insert into event_log (workspace_id, seq, message_id, customer_no, brand_id, channel, field, msg_type,
                                       event_name, occurred_at, received_at, identity_keys, payload)
                select ?, %d + x, concat('bv-', x), %s, ?, 'wechat_miniprogram', 'store', 'track', 'Field Visited', %s, ?, '',
                       '{}'
                  from %s
                """.formatted(2L * n, "mod(x * 40503, " + n + ")", when, customers), ws, brand, at, at);
        // the log's numbers were given above (H2 commits its identity's cache every 32 numbers)
        jdbc.execute("alter table event_log alter column seq restart with " + (3L * n + 1));
        if (database.equals("postgresql")) {
            jdbc.execute("analyze");
        }
        return tag;
    }

    /** The numbers 1 … n as a row source with the column {@code x} (a bigint). */
    private static String range(String database, long n) {
        return database.equals("postgresql")
                ? "generate_series(cast(1 as bigint), " + n + ") as r(x)"
                : "system_range(1, " + n + ") as r(x)";
    }
}
