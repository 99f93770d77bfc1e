-- PostgreSQL keeps each identity's default cache of 1: a session-local cache would hand each
-- connection its own block of numbers, and ids would no longer follow the order rows were written
-- in (the ledger's history and the log's tail read them in that order). The H2 twin of this
-- migration enlarges the cache there, where values stay in order.
select 1;
