-- Audiences: what a saved segment is for, in the operator's words (optional).
alter table segment add column description varchar(1000);
