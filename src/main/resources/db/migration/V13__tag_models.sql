-- Tags kept up to date by Reservoir: a rule tag's rule, or a model tag's model (docs/segments.md,
-- "Tags"), is kept in tag.rule as JSON; computed_at is when its members were last recomputed
-- (null: not yet). The history of one tag, newest first, is read by tag.

alter table tag add column computed_at timestamp with time zone;

create index tag_change_by_tag on tag_change (workspace_id, tag_id, id);
