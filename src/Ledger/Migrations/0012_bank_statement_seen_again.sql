-- Issue 8: the same file imported again is recorded on its statement (how often, when last, by whom), not as a second row.
alter table bank_statements add column times_seen integer not null default 1 check (times_seen >= 1);
alter table bank_statements add column last_seen_at timestamptz;
alter table bank_statements add column last_seen_by text;

-- Earlier re-imports made a row each (no documents: every one was a duplicate); fold them into the first.
with again as (
    select s.id, first_value(s.id) over (partition by s.sha256 order by s.id) as first_id, s.imported_at, s.imported_by
    from bank_statements s
), folded as (
    select a.first_id, count(*) as n, max(a.imported_at) as last_at
    from again a
    where a.id <> a.first_id and not exists (select 1 from bank_documents d where d.statement_id = a.id)
    group by a.first_id
)
update bank_statements s set times_seen = s.times_seen + f.n, last_seen_at = f.last_at,
    last_seen_by = (select a.imported_by from again a where a.first_id = f.first_id and a.imported_at = f.last_at and a.id <> a.first_id limit 1)
from folded f where s.id = f.first_id;

delete from bank_statements s
where exists (select 1 from bank_statements f where f.sha256 = s.sha256 and f.id < s.id)
  and not exists (select 1 from bank_documents d where d.statement_id = s.id);

create index bank_statements_sha256 on bank_statements (sha256);
