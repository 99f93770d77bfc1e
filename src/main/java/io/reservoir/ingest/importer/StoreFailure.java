package io.reservoir.ingest.importer;

import io.reservoir.ingest.Intake;
import io.reservoir.platform.errors.ReservoirException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/** What intake's failure to store a chunk means for the import. */
final class StoreFailure {

    private StoreFailure() {}

    /**
     * The database cannot be reached or is overloaded: no group of rows is at fault, and rejecting
     * them would lose them. The import stops; run again, it resumes at its checkpoint.
     */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The rejection of a group that cannot be stored: the first line of the root cause. */
    static Intake.Rejected rejection(RuntimeException e) {
        if (e instanceof ReservoirException refused) {
            return new Intake.Rejected(0, refused.field() == null ? "" : refused.field(), refused.getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int end = message.indexOf('\n');
        return new Intake.Rejected(
                0, "", "could not be stored: " + (end < 0 ? message : message.substring(0, end)).strip());
    }
}
