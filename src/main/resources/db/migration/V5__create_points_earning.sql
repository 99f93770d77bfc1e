-- Loyalty programs per brand and the earner's place in the event log: points are earned from
-- orders and taken back on refunds by reading the log in order, from the last event handled.

create table loyalty_program (
    workspace_id    bigint not null,
    brand_id        bigint not null,
    points_per_yuan integer not null,
    -- never | end_of_next_year (lots expire at the end of the year after the one they were earned in)
    expiry          varchar(20) not null,
    updated_at      timestamp with time zone not null,
    primary key (workspace_id, brand_id)
);

create table points_cursor (
    workspace_id bigint primary key,
    event_seq    bigint not null
);

create index event_log_by_seq on event_log (workspace_id, seq);
create index customer_order_by_message on customer_order (workspace_id, message_id);
