-- promotions-service. The outbox tables come from db/outbox (V1..V9).

-- The last answer of Engage per contact and channel ('ALL' when no channel was asked), served stale when
-- Engage fails.
create table assignment_copy (
    contact_id  text        not null,
    channel     text        not null,
    assignments jsonb       not null,
    fetched_at  timestamptz not null,
    primary key (contact_id, channel)
);
create index assignment_copy_contact on assignment_copy (contact_id);

-- One row per assignment redeemed here: the primary key makes a second redeem fail at once, Engage up or not.
create table redemption (
    assignment_id     text        primary key,
    contact_id        text        not null,
    channel           text        not null,
    unique_receipt_id text,
    status            text        not null check (status in ('PENDING', 'REDEEMED')),
    outbox_id         bigint,
    created_at        timestamptz not null default now(),
    redeemed_at       timestamptz
);
create index redemption_contact on redemption (contact_id);
