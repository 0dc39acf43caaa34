-- A library's own create-if-missing schema (Quartz's job store) ran on every start of every process: its
-- CREATE INDEX IF NOT EXISTS statements take a share lock on the scheduler's busy tables even when the index exists,
-- so each verb stalled the running instances' schedulers, and two starting beside running ones could deadlock them.
-- The script's checksum is kept here; it runs again only when the library ships a different one.
create table library_schemas (
    name       text primary key,
    checksum   text not null,
    applied_at timestamptz not null default now()
);
