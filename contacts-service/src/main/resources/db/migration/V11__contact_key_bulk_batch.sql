-- A PENDING key whose creation went out in an accepted bulk batch: its resolution belongs to that batch's
-- contact.bulk-batch message, so a retried creation must not send it again (Engage imports bulk asynchronously,
-- so a lookup right after the bulk cannot tell "not created" from "not imported yet").
alter table contact_key add column bulk_batch_id text;
