package io.reservoir.platform.storage;

import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads a module's rows about customers in bulk, for all customers of a workspace or for some, a
 * row at a time: the owners' bulk readers use it. For some customers the rows are reached from the
 * keys ({@code unnest(…) join … on customer_no}): {@code customer_no in (select … from unnest(…))}
 * makes H2 rebuild the key list for every row of the workspace (see {@link SqlArrays}).
 *
 * @param customers the customers whose rows to read; null for all of the workspace's
 */
public record CustomerRows(JdbcTemplate jdbc, long workspaceId, Collection<Integer> customers) {

    /** Rows fetched at a time by {@link #streaming}. */
    public static final int FETCH = 10_000;

    /**
     * A template that fetches {@link #FETCH} rows at a time: PostgreSQL's driver otherwise holds a
     * whole result (a workspace's rows) in memory. It does so only inside a transaction.
     */
    public static JdbcTemplate streaming(JdbcTemplate jdbc) {
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH);
        return streaming;
    }

    /**
     * {@code select <columns> from <table> t where t.workspace_id = ? and <condition>}, with the
     * condition's own arguments; the columns and the condition name the table {@code t}.
     */
    public void read(String columns, String table, String condition, RowCallbackHandler row, Object... args) {
        if (customers != null && customers.isEmpty()) {
            return;
        }
        String where = condition == null ? "" : " and " + condition;
        Object[] all = new Object[args.length + (customers == null ? 1 : 2)];
        int first;
        String sql;
        if (customers == null) {
            sql = "select " + columns + " from " + table + " t where t.workspace_id = ?" + where;
            all[0] = workspaceId;
            first = 1;
        } else {
            sql = "select " + columns + " from unnest(cast(? as integer array)) as k(no) join " + table
                    + " t on t.workspace_id = ? and t.customer_no = k.no where 1 = 1" + where;
            all[0] = SqlArrays.integers(customers);
            all[1] = workspaceId;
            first = 2;
        }
        System.arraycopy(args, 0, all, first, args.length);
        jdbc.query(sql, row, all);
    }
}
