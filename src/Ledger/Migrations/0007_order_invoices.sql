-- An order may be billed on several invoices: one per organisation that sells its products (issue 8, "one invoice, one
-- seller"). orders.invoice_id stays the order's first invoice; every invoice of an order names it here.
alter table invoices add column order_id integer references orders(id);
update invoices i set order_id = o.id from orders o where o.invoice_id = i.id;
create index invoices_order on invoices (order_id) where order_id is not null;
