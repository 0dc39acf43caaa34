-- The matcher finds a payer without a known ИНН by the account its earlier payments came from; without this index
-- that lookup scanned bank_documents on every such document (bench/BankImport: 376 ms per lookup at 99,000 rows).
create index bank_documents_payer_account on bank_documents (payer_account)
    where direction = 'incoming' and client_id is not null;
