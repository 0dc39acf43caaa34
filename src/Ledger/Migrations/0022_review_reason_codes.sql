-- Issue 15: why a document waits on the review desk, in treasury's language. The reason stays the English the verbs
-- print; its rule and the values it names are kept beside it, so the page words it in Russian from the same catalogue
-- as the refusals. Rows queued before this migration have no code and are shown as written.
alter table bank_review_queue add column reason_code text, add column reason_args jsonb,
    add constraint bank_review_queue_reason_args check ((reason_code is null) = (reason_args is null));
