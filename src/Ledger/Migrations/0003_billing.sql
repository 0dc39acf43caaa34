-- Billing engine (issue 4).

-- The order in which a product's options are listed on invoices (seed 71475 lists the rented "1С:Зарплата…" before
-- "1С:Бухгалтерия…"); ties fall back to the id.
alter table config_options add column sort integer not null default 0;

-- A late fee is an invoice of its own that names the overdue invoice; one per overdue invoice, even when two overdue
-- runs overlap.
alter table invoices add column late_fee_for bigint references invoices(id);
create unique index invoices_one_late_fee on invoices (late_fee_for) where late_fee_for is not null and status <> 'cancelled';
