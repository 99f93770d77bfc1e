-- A service provider suspends a client's workspace: its keys and console users are refused while
-- suspended_at is set, and its data is kept. Null means active.
alter table workspace add column suspended_at timestamp with time zone;
