-- Two-stage intake (docs/architecture.md, Intake): a message is acknowledged once it is in the
-- event log, and projected (customer resolved, orders, attributes, relations …) in a second stage
-- that follows the log's seq. Until then its customer_no is null.
alter table event_log alter column customer_no drop not null;

-- The log's head per workspace: the first stage locks this row while it appends, so that across
-- nodes a workspace's seq numbers commit in the order they were given out, and a follower of seq
-- never passes a number that commits later.
create table event_log_head (
    workspace_id bigint not null primary key,
    last_seq     bigint not null
);

-- How far the second stage has projected each workspace's log: every event with seq <= projected_seq
-- is projected, none after it. The projecting transaction locks this row: one node at a time.
create table intake_projection (
    workspace_id  bigint not null primary key,
    projected_seq bigint not null
);

insert into event_log_head (workspace_id, last_seq)
select workspace_id, max(seq) from event_log group by workspace_id;

insert into intake_projection (workspace_id, projected_seq)
select workspace_id, max(seq) from event_log group by workspace_id;
