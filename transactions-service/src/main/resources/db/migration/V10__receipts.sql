-- transactions-service: every receipt it accepted, until Engage has it and beyond (for the purchase history).
-- The outbox tables come from db/outbox (V1..V9).
create table receipt (
    unique_receipt_id text        primary key,
    contact_id        text,                       -- null while the customer is known only by key
    key_type          text,
    key_value         text,
    request           jsonb       not null,       -- the receipt as posted, to tell a repeat from a conflict
    created_date      timestamptz not null,
    status            text        not null default 'QUEUED' check (status in ('QUEUED', 'SENT')),
    outbox_id         bigint,
    sent_at           timestamptz,
    accepted_at       timestamptz not null default now(),
    check (contact_id is not null or key_value is not null)
);
create index receipt_contact on receipt (contact_id, created_date desc);
create index receipt_key on receipt (key_type, key_value) where contact_id is null;
