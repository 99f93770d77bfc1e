-- Tier measures read each buyer's orders of the last twelve months and their refunds, a batch of
-- buyers at a time. With every column they read in the index, both databases answer from the
-- index alone instead of fetching each order's row (its items, its codes) from the table.
drop index customer_order_by_customer;
create index customer_order_by_customer on customer_order (workspace_id, customer_no, brand_id, paid_at, paid_fen, order_id);
drop index order_refund_by_order;
create index order_refund_by_order on order_refund (workspace_id, brand_id, order_id, amount_fen);
