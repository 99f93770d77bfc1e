-- Real shop exports: orders of a thousand lines are normal, returns may name no order, and a brand
-- keeps its books in one currency and writes its customers' numbers in one home region.

-- An order's item list and its logged event grow with its lines: an event of an order of 1,000
-- lines is about 150 KB. Intake bounds an event (MessageParser); the columns follow that bound.
alter table event_log alter column payload set data type varchar(1000000);
alter table customer_order alter column items set data type varchar(1000000);

-- A return exported as its own document without the order it returns is a customer-level refund:
-- order_id is null.
alter table order_refund alter column order_id drop not null;

-- The currency the brand keeps its books in (ISO 4217): reports show it, and an order in another
-- currency is converted by the importer at a rate the operator gives, or refused.
alter table brand add column currency varchar(3) default 'CNY' not null;
-- Where phone numbers written without a country code are from (ISO 3166 region, libphonenumber).
alter table brand add column phone_region varchar(2) default 'CN' not null;
