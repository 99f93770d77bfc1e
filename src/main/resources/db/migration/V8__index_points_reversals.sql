-- A refund's reversal sums what earlier reversals already took back from the same credit: without
-- this index that sum read every entry of the workspace, once per refund.
create index points_entry_reversals on points_entry (workspace_id, reverses);
