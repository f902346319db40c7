-- The transactional outbox, shared by every service (each applies it to its own database through Flyway,
-- with quarkus.flyway.locations=db/migration,db/outbox). Versions 1-9 are reserved for the outbox; a
-- service's own migrations start at V10.

create table outbox_message (
    id              bigint generated always as identity primary key,
    kind            text        not null,
    message_key     text        not null,
    payload         jsonb       not null,
    status          text        not null default 'PENDING' check (status in ('PENDING', 'DONE', 'DEAD')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

-- What the relay claims: due, pending messages.
create index outbox_message_due on outbox_message (next_attempt_at, id) where status = 'PENDING';
-- Per-key order: is there an older pending message with the same key?
create index outbox_message_key_order on outbox_message (message_key, id) where status = 'PENDING';
-- Retention of DONE messages.
create index outbox_message_done on outbox_message (updated_at) where status = 'DONE';

-- The cluster-wide rate budget: a theoretical arrival time (GCRA) that every replica moves forward.
create table outbox_rate_limit (
    name text        primary key,
    tat  timestamptz not null
);
insert into outbox_rate_limit (name, tat) values ('engage', now());
