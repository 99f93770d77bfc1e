-- The audience index reloads a changed customer's points accounts of every brand by customer.
create index points_account_by_customer on points_account (workspace_id, customer_no);
