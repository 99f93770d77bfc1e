-- Audiences: a segment's size over time, and what a snapshot froze besides its members.

-- source: api (counted through the API, at most once an hour) | daily (the daily recording)
create table segment_count (
    workspace_id bigint not null,
    segment_id   bigint not null,
    counted_at   timestamp with time zone not null,
    size         integer not null,
    source       varchar(10) not null,
    primary key (workspace_id, segment_id, counted_at)
);

-- The rule a snapshot was taken with (canonical JSON), so it reads the same after the segment
-- changes. Null only for rows older than this migration (there were none: nothing wrote them).
alter table segment_snapshot add column rule varchar(100000);

-- Merges and erasures find a customer's snapshot rows by customer.
create index segment_snapshot_member_by_customer on segment_snapshot_member (workspace_id, customer_no);
