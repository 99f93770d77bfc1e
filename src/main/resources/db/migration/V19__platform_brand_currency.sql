-- The currency a brand keeps its books in (ISO 4217): reports show it, and an order in another
-- currency is converted by the importer at a rate the operator gives, or refused.
alter table brand add column currency varchar(3) default 'CNY' not null;
-- Where phone numbers written without a country code are from (ISO 3166 region, libphonenumber).
alter table brand add column phone_region varchar(2) default 'CN' not null;
