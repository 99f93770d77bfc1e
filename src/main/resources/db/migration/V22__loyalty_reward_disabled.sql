-- Loyalty: a reward item can be disabled. A disabled item is not redeemable and not offered in the
-- member center, but stays in the catalog's history, its redemptions and the reports.

alter table reward_item add column disabled boolean default false not null;
