-- The generation of a workspace's identities: every merge, unmerge and erasure adds one, in its
-- transaction. A node caches resolved identities at a generation and drops the cache when the
-- counter row, read under its lock, shows another (IdentityCache).
alter table customer_counter add column generation bigint not null default 0;
