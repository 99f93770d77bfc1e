-- Real shop exports: orders of a thousand lines are normal, and returns may name no order.

-- An order's item list and its logged event grow with its lines: an event of an order of 1,000
-- lines is about 150 KB. Intake bounds an event (MessageParser); the columns follow that bound.
alter table event_log alter column payload set data type varchar(1000000);
alter table customer_order alter column items set data type varchar(1000000);

-- A return exported as its own document without the order it returns is a customer-level refund:
-- order_id is null.
alter table order_refund alter column order_id drop not null;
