-- With Engage down, My Pages is served the last copy of a contact kept here, marked stale. Only a copy known whole
-- (read from Engage, or created by us with these attributes) is served: a row made by a change alone holds only the
-- changed fields. The rest of what a read shows (type, preferences, consents) is kept from the last read.
alter table contact_snapshot
    add column whole boolean not null default false,
    add column contact_type text,
    add column preferences jsonb,
    add column consents jsonb;
