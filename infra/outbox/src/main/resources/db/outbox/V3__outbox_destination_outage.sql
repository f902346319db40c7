-- Whether the destination (Engage) as a whole answers, shared by every replica of the service: after
-- consecutive "no answer" / 5xx failures across messages the relay sends only probes, and the messages that wait
-- are not charged attempts; the first answer ends the outage and makes them due at once.
create table outbox_destination (
    name                 text        primary key,
    consecutive_failures integer     not null default 0,
    down_since           timestamptz,
    probes               integer     not null default 0,
    next_probe_at        timestamptz,
    last_error           text,
    updated_at           timestamptz not null default now()
);
insert into outbox_destination (name) values ('engage');

-- Messages whose last failure said only that the destination did not answer: due at once when it answers again.
alter table outbox_message add column waiting_for_destination boolean not null default false;
create index outbox_message_waiting on outbox_message (id) where status = 'PENDING' and waiting_for_destination;
