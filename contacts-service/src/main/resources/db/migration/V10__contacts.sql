-- contacts-service: what it knows locally. The outbox tables come from db/outbox (V1..V9).

-- Customer key -> Engage contactId, so a known customer is identified without calling Engage.
-- PENDING: the creation is queued and the contactId is not known yet.
create table contact_key (
    lookup_key text        primary key,            -- "<keyType>:<normalised value>", e.g. email:ann@example.com
    key_type   text        not null,
    key_value  text        not null,
    contact_id text,
    status     text        not null check (status in ('KNOWN', 'PENDING')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (status = 'PENDING' or contact_id is not null)
);
create index contact_key_contact on contact_key (contact_id);

-- The last attribute values this service saw (read from Engage, or written by us), so an update sends only
-- what changes.
create table contact_snapshot (
    contact_id text        primary key,
    attributes jsonb       not null,
    updated_at timestamptz not null default now()
);
