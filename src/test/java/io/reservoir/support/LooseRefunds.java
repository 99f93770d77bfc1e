package io.reservoir.support;

import io.reservoir.ingest.Channels;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What real shop exports add to a simulated brand, seeded: returns that name no order
 * (customer-level refunds), refunds that come before their order (some for more than the order
 * then paid), and refunds whose order never comes. Sent through the intake to customers that
 * exist, one plain identity each, so they stay one person.
 */
public final class LooseRefunds {

    /** How many of each were sent. */
    public record Sent(int returns, int early, int excess, int waiting) {}

    private LooseRefunds() {}

    /** Sends about {@code people} customers' worth of them, between {@code from} and {@code to}. */
    public static Sent send(
            Events events, JdbcTemplate jdbc, long seed, Instant from, Instant to, int people, String brand) {
        Random random = new Random(seed);
        List<String[]> ids = new ArrayList<>();
        jdbc.query(
                """
                select i.id_type, min(i.lookup_key) from customer_identity i
                  join customer c on c.workspace_id = i.workspace_id and c.customer_no = i.customer_no
                 where i.workspace_id = ? and c.status = 'active' and i.id_type = 'wechat_unionid'
                 group by i.customer_no, i.id_type order by i.customer_no
                """,
                rs -> {
                    ids.add(new String[] {rs.getString(1), rs.getString(2)});
                },
                events.workspaceId());
        List<String> channels = Channels.CHANNELS.stream().sorted().toList();
        long span = to.getEpochSecond() - from.getEpochSecond();
        int returns = 0;
        int early = 0;
        int excess = 0;
        int waiting = 0;
        for (int n = 0; n < people && !ids.isEmpty(); n++) {
            String[] who = ids.get(random.nextInt(ids.size()));
            Instant at = from.plusSeconds((long) (random.nextDouble() * span));
            String channel = channels.get(random.nextInt(channels.size()));
            long fen = 100 + random.nextInt(30_000);
            String key = "loose-" + seed + "-" + n;
            Message refund = Message.track("Order Refunded")
                    .id(key + "-r")
                    .identity(who[0], who[1])
                    .brand(brand)
                    .channel(channel)
                    .at(at);
            switch (n % 4) {
                case 0, 1 -> {
                    events.send(refund.property("total", yuan(fen)).property("refund_id", key));
                    returns++;
                }
                case 2 -> {
                    events.send(refund.property("order_id", key).property("total", yuan(fen)));
                    boolean over = random.nextInt(3) == 0;
                    long paid = over ? Math.max(1, fen / 2) : fen + random.nextInt(20_000);
                    events.send(Message.order(key, yuan(paid))
                            .id(key + "-o")
                            .identity(who[0], who[1])
                            .brand(brand)
                            .channel(channel)
                            .at(at.plusSeconds(3_600 + random.nextInt(14 * 86_400))));
                    early++;
                    excess += over ? 1 : 0;
                }
                default -> {
                    events.send(refund.property("order_id", key).property("total", yuan(fen)));
                    waiting++;
                }
            }
        }
        return new Sent(returns, early, excess, waiting);
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
