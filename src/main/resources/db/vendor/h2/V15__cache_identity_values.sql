-- H2 writes a sequence's high-water mark to disk, in a commit of its own, each time its cache of
-- values runs out (32 by default): on the busiest tables that was one extra durable commit per 32
-- rows. A larger cache only leaves a gap in the numbers after a crash; H2 hands out the values of
-- one database in order whatever the session, so ids and log positions keep their order.
alter table event_log alter column seq set cache 10000;
alter table points_entry alter column id set cache 10000;
alter table tier_change alter column id set cache 10000;
alter table redemption alter column id set cache 10000;
alter table tag_change alter column id set cache 10000;
alter table audit_log alter column id set cache 10000;
