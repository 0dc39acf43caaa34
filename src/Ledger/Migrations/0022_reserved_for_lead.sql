-- Placeholder on branch invoices-speed only: 0022 is the lead's (brief H4), and migrations are numbered without gaps.
-- Drop this file when merging; the lead's 0022 takes its place.
select 1;
