package io.reservoir.loyalty;

import static io.reservoir.loyalty.LedgerArguments.micros;
import static io.reservoir.loyalty.LedgerArguments.requireAmount;

import io.reservoir.loyalty.KeyedChanges.Call;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One member's changes, one call each: what a credit, a spend, a refund's reversal and a manual
 * correction write, on top of {@link KeyedChanges}. The contracts are {@link PointsLedger}'s.
 */
final class PointsWriter {

    private final JdbcClient jdbc;
    private final KeyedChanges changes;
    private final LedgerQueries queries;
    private final AuditLog audit;

    PointsWriter(JdbcClient jdbc, KeyedChanges changes, LedgerQueries queries, AuditLog audit) {
        this.jdbc = jdbc;
        this.changes = changes;
        this.queries = queries;
        this.audit = audit;
    }

    PointsChange earn(long workspaceId, PointsLedger.Credit credit) {
        requireAmount(credit.points());
        Instant expiresAt = micros(credit.expiresAt());
        Call call = new Call(
                workspaceId,
                credit.brandId(),
                credit.customerNo(),
                credit.key(),
                EntryKind.EARN,
                credit.points(),
                credit.reason(),
                null,
                credit.rule(),
                credit.earnedOn(),
                expiresAt);
        return changes.apply(call, account -> {
            long debt = Math.max(0, -account.balance);
            account.insertCredit(credit.points(), Math.max(0, credit.points() - debt), expiresAt);
            return credit.points();
        });
    }

    PointsChange spend(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        requireAmount(points);
        return changes.apply(
                new Call(
                        workspaceId,
                        brandId,
                        customerNo,
                        key,
                        EntryKind.SPEND,
                        -points,
                        reason,
                        null,
                        null,
                        null,
                        null),
                account -> {
                    if (points > account.balance) {
                        throw ReservoirException.invalid(
                                "points",
                                "the balance is " + account.balance + " points; " + points + " cannot be spent");
                    }
                    account.insertEntry(-points);
                    account.consume(points, null);
                    return -points;
                });
    }

    PointsChange reverse(
            long workspaceId,
            long brandId,
            int customerNo,
            String earnKey,
            long points,
            String key,
            String reason,
            boolean allowDebt) {
        requireAmount(points);
        PointsEntry earned = queries.entry(workspaceId, earnKey)
                .filter(e -> e.points() > 0 && e.brandId() == brandId && e.customerNo() == customerNo)
                .orElseThrow(() -> ReservoirException.invalid("earnKey", "names no credit of this member: " + earnKey));
        return changes.apply(
                new Call(
                        workspaceId,
                        brandId,
                        customerNo,
                        key,
                        EntryKind.REVERSE,
                        -points,
                        reason,
                        earned.id(),
                        null,
                        null,
                        null),
                account -> {
                    long reversedBefore = -jdbc.sql(
                                    "select coalesce(sum(points), 0) from points_entry where workspace_id = :ws and reverses = :entry")
                            .param("ws", workspaceId)
                            .param("entry", earned.id())
                            .query(Long.class)
                            .single();
                    long held = Math.max(0, account.balance);
                    long owed = Math.min(points, earned.points() - reversedBefore);
                    long taken = allowDebt ? owed : Math.min(owed, held);
                    account.insertEntry(-taken);
                    account.consume(Math.min(taken, held), earned.id());
                    return -taken;
                });
    }

    PointsChange adjust(
            Caller caller, String customerId, long brandId, int customerNo, long points, String key, String reason) {
        caller.require(Role.OPERATOR);
        PointsChange change = adjust(caller.workspaceId(), brandId, customerNo, points, key, reason);
        if (!change.replay()) {
            audit.record(
                    caller,
                    "points.adjusted",
                    "customer",
                    customerId,
                    Map.of("brand", brandId, "points", points, "reason", reason, "key", key));
        }
        return change;
    }

    PointsChange adjust(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        if (points == 0 || Math.abs(points) > PointsLedger.MAX_POINTS) {
            throw ReservoirException.invalid(
                    "points", "must be a non-zero number of points up to " + PointsLedger.MAX_POINTS);
        }
        if (reason == null || reason.isBlank()) {
            throw ReservoirException.invalid("reason", "is required for an adjustment");
        }
        return changes.apply(
                new Call(
                        workspaceId,
                        brandId,
                        customerNo,
                        key,
                        EntryKind.ADJUST,
                        points,
                        reason,
                        null,
                        "manual",
                        null,
                        null),
                account -> {
                    if (points > 0) {
                        long debt = Math.max(0, -account.balance);
                        account.insertCredit(points, Math.max(0, points - debt), null);
                    } else {
                        if (-points > Math.max(0, account.balance)) {
                            throw ReservoirException.invalid(
                                    "points",
                                    "the balance is " + account.balance + " points; " + -points + " cannot be taken");
                        }
                        account.insertEntry(points);
                        account.consume(-points, null);
                    }
                    return points;
                });
    }
}
