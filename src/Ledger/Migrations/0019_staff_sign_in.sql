-- Staff sign in to the web pages (issue 15): a password hash (ASP.NET Core Identity's format), a lock-out after
-- repeated failures, and the roles that open the pages. Roles are a small closed set, so an array with a check.
alter table staff
    add column password_hash   text,
    add column failed_sign_ins integer not null default 0 check (failed_sign_ins >= 0),
    add column locked_until    timestamptz,
    add column roles           text[] not null default '{}'
        constraint staff_roles_known check (roles <@ array['support', 'treasury', 'manager', 'accountant', 'admin']::text[]);
