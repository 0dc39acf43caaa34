-- Issue 8: a payment resolved onto another client's invoice is a third-party payment. Its payer's account must never
-- teach the matcher that the account belongs to that client, so the account lookup reads only first-party payments.
alter table bank_documents add column third_party boolean not null default false;

-- Documents resolved before this column existed: a payer ИНН that is not the client's is a third party.
update bank_documents d set third_party = true
from clients c
where c.id = d.client_id and d.direction = 'incoming' and coalesce(d.payer_inn, '') <> '' and d.payer_inn <> coalesce(c.inn, '');

drop index bank_documents_payer_account;
create index bank_documents_payer_account on bank_documents (payer_account)
    where direction = 'incoming' and client_id is not null and not third_party;
