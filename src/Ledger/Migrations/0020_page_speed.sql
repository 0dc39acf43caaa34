-- The staff's pages on a large ledger (issue 15: 20,000 clients, 200,000 invoices, 20,000 tickets): indexes for what
-- every page or a list page asks, each measured with EXPLAIN ANALYZE on bench/WebPages' data before it was added.
-- Plain `create index` (not concurrently: each migration is one transaction): on a ledger this size each takes well
-- under a second, during which writes to that table wait.

-- The header's «Просроченные счета» on every page (InvoiceList's overdue rule, counted by InvoiceList.CountAsync): an
-- index-only count instead of a scan of every invoice.
create index invoices_overdue on invoices (due_date) where status in ('unpaid', 'collections');

-- /Invoices newest first: the first page read off the index instead of sorting every invoice.
create index invoices_issued on invoices (issue_date desc, id desc);

-- The client card: a client's services (services_one_product_per_client covers only the live ones).
create index services_client on services (client_id);

-- Client search (ClientBook.SearchAsync): every term of its OR indexed, so the OR is a bitmap of index scans, not a scan
-- of every client computing three lower()s. pg_trgm ships with PostgreSQL (Debian's postgresql-NN package) and is a
-- trusted extension: the database's owner may create it.
create extension if not exists pg_trgm;
create index clients_contractor_code_lower on clients (lower(contractor_code));
create index clients_email_trgm on clients using gin (lower(email) gin_trgm_ops);
create index clients_name_trgm on clients using gin (lower(first_name || ' ' || last_name) gin_trgm_ops);
create index clients_company_trgm on clients using gin (lower(coalesce(company_name, '')) gin_trgm_ops);

-- /Treasury/Statements: each statement's accounts and period from its documents, read off the index.
create index bank_documents_statement on bank_documents (statement_id) include (our_account, execution_date);
