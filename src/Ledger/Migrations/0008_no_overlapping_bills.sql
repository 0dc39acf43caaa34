-- No second bill for an overlapping period (issue 8). The unique index on (service, period start) stopped a second bill
-- of the same period, not one that starts on another day (a due date moved under a billed period, then renewed): the
-- database now refuses any two live bills of one service whose days overlap. btree_gist (PostgreSQL contrib, a trusted
-- extension) gives the gist operator class for the service id's equality.
create extension if not exists btree_gist;

alter table invoice_lines add constraint invoice_lines_bill_has_period
    check (not bills_period or (service_id is not null and period_start is not null and period_end is not null));

alter table invoice_lines add constraint invoice_lines_no_overlapping_bills
    exclude using gist (service_id with =, daterange(period_start, period_end, '[]') with &&) where (bills_period);
