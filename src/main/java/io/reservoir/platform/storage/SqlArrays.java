package io.reservoir.platform.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/**
 * Many keys in one statement, portably and on an index. {@code col IN (…)} on the second column of
 * a composite index makes H2 scan the whole workspace. Reading the keys from
 * {@code unnest(cast(? as varchar array)) as k(v)} and looking each up in a scalar sub-select
 * ({@code (select … where t.col = k.v)}) makes both H2 and PostgreSQL probe the index once per
 * key, whatever their statistics say; a plain join lets PostgreSQL hash the whole workspace's rows
 * instead, which grows with the workspace. These values bind such an array parameter.
 */
public final class SqlArrays {

    private SqlArrays() {}

    /** For {@code unnest(cast(? as varchar array))}. */
    public static SqlTypeValue varchars(Collection<String> values) {
        return array("varchar", values.toArray());
    }

    /** For {@code unnest(cast(? as integer array))}. */
    public static SqlTypeValue integers(Collection<Integer> values) {
        return array("int4", values.toArray());
    }

    /** For {@code unnest(cast(? as bigint array))}. */
    public static SqlTypeValue bigints(Collection<Long> values) {
        return array("int8", values.toArray());
    }

    private static SqlTypeValue array(String elementType, Object[] values) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
                return connection.createArrayOf(elementType, values);
            }
        };
    }
}
