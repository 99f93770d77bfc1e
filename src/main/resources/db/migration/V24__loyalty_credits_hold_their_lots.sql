-- A credit is its own lot: what is left of it (remaining) and when that expires now sit in the
-- credit's entry row instead of a row of points_lot. A credit wrote two rows and six index entries
-- before, one at a random place of each account index; now one row, and its lot needs no index of
-- its own: an account's open lots are read through its entries (points_entry_by_account), and
-- expiry finds due lots through points_entry_by_expiry. remaining is null for debits (spends,
-- expiries, reversals, negative adjustments); a lot's earned and earned_at were always the
-- entry's points and created_at.
alter table points_entry add column remaining bigint;
alter table points_entry add column expires_at timestamp with time zone;

update points_entry e
   set remaining  = (select l.remaining from points_lot l where l.workspace_id = e.workspace_id and l.entry_id = e.id),
       expires_at = (select l.expires_at from points_lot l where l.workspace_id = e.workspace_id and l.entry_id = e.id)
 where exists (select 1 from points_lot l where l.workspace_id = e.workspace_id and l.entry_id = e.id);

drop table points_lot;

create index points_entry_by_expiry on points_entry (workspace_id, expires_at);
