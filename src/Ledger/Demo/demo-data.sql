-- Demo data shaped like seed 003 (the company's operating manual). Idempotent: fixed ids, ON CONFLICT DO NOTHING.

insert into departments (id, name, email) values
    (1, 'Техническая поддержка', 'support@bit-live.example'),
    (2, 'Бухгалтерия', 'buh@bit-live.example'),
    (3, 'Продажи', 'sales@bit-live.example')
on conflict do nothing;

insert into staff (id, login, full_name, email, phone, department_id, is_sales_manager, is_personal_manager) values
    (1, 'ekamyshina', 'Камышина Екатерина', 'ekamyshina@bit-live.example', '8(495)540-5151 доб.2207', 3, true, true),
    (2, 'ubestuzheva', 'Бестужева Юлия', 'ubestuzheva@bit-live.example', '8(495)540-61-51 доб.2221', 3, true, true),
    (3, 'dkucherenko', 'Кучеренко Диана', 'dkucherenko@bit-live.example', null, 2, false, true),
    (4, 'snuzhdinova', 'Нуждинова Светлана', 'snuzhdinova@bit-live.example', null, 2, false, false),
    (5, 'vdubikhin', 'Дубихин Владимир', 'vdubikhin@bit-live.example', null, 1, false, false),
    (6, 'sfedorov', 'Федоров Сергей', 'sfedorov@bit-live.example', null, 1, false, false)
on conflict do nothing;

-- Who opens which web pages (issue 15); set once, so roles changed later by `staff roles` stay.
update staff set roles = r.roles
from (values (1, array['manager']), (2, array['manager']), (3, array['manager', 'accountant', 'treasury']),
             (4, array['accountant', 'treasury']), (5, array['support', 'admin']), (6, array['support'])) as r(id, roles)
where staff.id = r.id and staff.roles = '{}';

-- The cloud company works without VAT (its payment orders say "НДС не облагается"); Формула ИТ charges VAT.
insert into organisations (id, code, name, full_name, inn, kpp, ogrn, vat_mode, payment_method, address) values
    (1, 'LIVE', 'Лайв Технологии', 'ООО «Лайв Технологии»', '7709983032', '770901001', '1177746123456', 'none',
        'Безналичный платеж', '101000, г. Москва, Уланский пер, д. 22, стр. 1'),
    (2, 'FORMULA', 'Формула ИТ', 'ООО «Формула ИТ»', '7704123450', '770401001', '1157746654321', 'vat',
        'Безналичный платеж (Формула ИТ)', '119034, г. Москва, ул. Пречистенка, д. 10')
on conflict do nothing;

insert into organisation_bank_accounts (id, organisation_id, account, bic, bank_name, corr_account) values
    (1, 1, '40702810502080001823', '044525593', 'АО "АЛЬФА-БАНК"', '30101810200000000593'),
    (2, 2, '40702810538000123456', '044525225', 'ПАО СБЕРБАНК', '30101810400000000225')
on conflict do nothing;

insert into client_groups (id, name) values (1, 'Группа компаний ООО "ФАБРИКА БИЗНЕСА"'), (2, 'Партнеры') on conflict do nothing;

insert into product_groups (id, name, sort) values
    (1, 'Облако', 1), (2, 'Лицензии 1С', 2), (3, 'Отраслевые решения', 3), (4, 'Услуги специалистов', 4), (5, 'Сервисы 1С', 5)
on conflict do nothing;

insert into products (id, group_id, name, pay_type, organisation_id, onec_nomenclature_code, unit_name) values
    (1, 1, 'Доступ на пользователя "Стандарт"', 'recurring', 1, '00-00000101', 'Пользователь'),
    (2, 2, 'Пакет лицензий 1С в аренду', 'recurring', 1, '00-00000102', 'Кол-во пользователей'),
    (3, 1, 'Пакет дискового пространства 5ГБ', 'recurring', 1, '00-00000103', 'шт'),
    (4, 3, 'БИТ:Отель 8. ПРОФ', 'recurring', 1, '00-00000104', 'шт.'),
    (5, 4, 'Час работы администратора', 'one_time', 2, '00-00000201', 'час'),
    (6, 1, 'Ваш менеджер по облакам', 'free', 1, null, 'шт'),
    (7, 5, '1С-Отчетность (тариф Полный)', 'recurring', 2, '00-00000202', 'шт')
on conflict do nothing;

-- Semi-annual prices are 5% below six monthly ones, annual 5% below twelve (seed 003: a user is 4560.00 for six months).
insert into product_prices (product_id, cycle, price) values
    (1, 'monthly', 0), (1, 'quarterly', 0), (1, 'semiannual', 0), (1, 'annual', 0),
    (2, 'monthly', 0), (2, 'quarterly', 0), (2, 'semiannual', 0), (2, 'annual', 0),
    (3, 'monthly', 0), (3, 'quarterly', 0), (3, 'semiannual', 0), (3, 'annual', 0),
    (4, 'semiannual', 0), (4, 'annual', 0),
    (5, 'one_time', 5900.00),
    (7, 'annual', 900.00)
on conflict do nothing;

-- The hotel licence is priced through its quantity ("Кол-во: 1 х шт. 13380.00" on invoice 71475) and sold per half-year
-- or year only. The rented 1C configurations are not priced: they say which configurations the licence package
-- covers, and their invoice lines show the half-year price of the configuration without adding it (seed 71475).
insert into config_options (id, product_id, name, unit_name, priced, sort) values
    (1, 1, 'Количество пользователей', 'Пользователь', true, 1),
    (2, 2, 'Лицензии в аренду', 'Кол-во пользователей', true, 1),
    (3, 2, '1С:Бухгалтерия 8 ПРОФ. Редакция 3.0', 'опция подключена', false, 3),
    (4, 2, '1С:Зарплата и Управление Персоналом ПРОФ. Редакция 3.0', 'опция подключена', false, 2),
    (5, 3, 'Пакет дискового пространства 5ГБ', 'шт', true, 1),
    (6, 4, 'Кол-во', 'шт.', true, 1)
on conflict do nothing;

insert into config_option_prices (option_id, cycle, price) values
    (1, 'monthly', 800.00), (1, 'quarterly', 2400.00), (1, 'semiannual', 4560.00), (1, 'annual', 9120.00),
    (2, 'monthly', 450.00), (2, 'quarterly', 1350.00), (2, 'semiannual', 2565.00), (2, 'annual', 5130.00),
    (3, 'semiannual', 13380.00), (4, 'semiannual', 13380.00),
    (5, 'monthly', 60.00), (5, 'quarterly', 180.00), (5, 'semiannual', 360.00), (5, 'annual', 684.00),
    (6, 'semiannual', 13380.00), (6, 'annual', 26760.00)
on conflict do nothing;

insert into promo_codes (id, code, description, kind, value, product_ids, recurring, valid_from, valid_until) values
    (1, 'REF5', 'Скидка для референсных клиентов 5%', 'percent', 5, '{4}', true, '2018-01-01', null),
    (2, 'NEWYEAR10', 'Новогодняя скидка 10%', 'percent', 10, null, false, '2025-12-01', '2026-01-31')
on conflict do nothing;

insert into clients (id, first_name, last_name, company_name, email, phone, address1, city, postcode, inn, kpp,
                     registration_number, contractor_code, sales_manager_id, personal_manager_id, office, department_id,
                     client_group_id, good_payer, licence_ownership_form, default_payment_method) values
    (7583, 'Сергей', 'Саркисов', 'ООО «Фабрика Бизнеса»', 's.sarkisov@oteli-apelsin.ru', '9169939985',
        'Уланский пер, дом № 14, корпус А, пом.11', 'Москва', '101000', '7708305901', '770801001',
        '1027700132195', '00-007583', 1, 3, 'Москва, Уланский', 3, 1, true, 'rent', 'Безналичный платеж'),
    (12460, 'Анна', 'Кравцова', 'ООО "Сеть Отелей"', 'buh@set-oteley.ru', '4957770011',
        'ул. Большая Полянка, д. 2', 'Москва', '119180', '7725381772', '772501001',
        null, '00-012460', 1, 3, 'Москва, Уланский', 3, 1, false, 'rent', 'Безналичный платеж'),
    (12118, 'Ольга', 'Миронова', 'ООО "ОТЕЛЬ АПЕЛЬСИН"', 'info@oteli-apelsin.ru', '4957770022',
        'Уланский пер, дом № 14', 'Москва', '101000', '7708318386', '770801001',
        null, null, 1, null, 'Москва, Уланский', 3, 1, false, 'unknown', 'Безналичный платеж'),
    (4314, 'Вадим', '', 'ООО "ВМС-ГРУПП"', 'asm-12@bk.ru', '4955550101',
        '141421, Московская обл, Химки г, Сходня мкр, Пашковское с/пос.', 'Химки', '141421', '5047012346', '504701001',
        null, '00-004314', 2, 2, 'Москва, Уланский', 3, null, false, 'own', 'Безналичный платеж'),
    (9021, 'Катерина', 'Николаева', 'ООО "Тех.промышлен"', 'office@tehprom-spb.ru', '8125550303',
        'пр. Обуховской Обороны, д. 70', 'Санкт-Петербург', '192029', '7814695160', '781401001',
        null, '00-009021', 2, null, 'Санкт-Петербург', 3, null, false, 'unknown', 'Безналичный платеж'),
    (708, 'Игорь', 'Петров', null, 'petrov.ip@mail.example', '9031234567',
        'ул. Ленина, д. 5', 'Тула', '300000', '504701234505', null,
        null, '00-000708', 2, 2, 'Москва, Уланский', 3, null, false, 'unknown', 'Безналичный платеж')
on conflict do nothing;

insert into client_contacts (id, client_id, name, email, phone, receives_invoices, receives_support) values
    (1, 7583, 'Бухгалтерия Фабрики Бизнеса', 'buh@fabrika-biz.ru', null, true, false)
on conflict do nothing;

insert into client_notes (id, client_id, author_staff_id, author, created_at, body, important) values
    (1, 7583, 3, 'Кучеренко Диана', '2019-02-05 16:00+03',
        'Группа компаний ООО "ФАБРИКА БИЗНЕСА" ID7583 ООО "Сеть Отелей" 7725381772 ООО "ФАБРИКА БИЗНЕСА" 7708305901 ООО "ОТЕЛЬ АПЕЛЬСИН" 7708318386', true),
    (2, 7583, 1, 'Камышина Екатерина', '2019-03-04 14:00+03', 'привели id 12460 и 12118', false),
    (3, 4314, 1, 'Камышина Екатерина', '2018-09-26 12:00+03', 'бухгалтер сдает отчетность через прогу', false)
on conflict do nothing;

-- Services: #7583 holds the seed's set; the next due dates follow today so that renewals have something to do.
insert into services (id, client_id, product_id, registration_date, billing_cycle, recurring_amount, first_payment_amount,
                      next_due_date, status, promo_code_id) values
    (20804, 7583, 1, '2018-02-12', 'semiannual', 22800.00, 22800.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', null),
    (20805, 7583, 2, '2018-02-12', 'semiannual', 12825.00, 12825.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', null),
    (20806, 7583, 4, '2018-02-12', 'semiannual', 12711.00, 12711.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', 1),
    (21063, 7583, 5, '2018-02-26', 'one_time', 0, 5900.00, null, 'active', null),
    (21691, 7583, 6, '2018-03-27', 'free', 0, 0, null, 'active', null),
    (25355, 4314, 1, '2017-01-12', 'monthly', 1600.00, 1600.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', null),
    (30806, 4314, 3, '2018-09-26', 'monthly', 60.00, 60.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', null),
    (26763, 12460, 7, '2018-05-15', 'annual', 900.00, 900.00, (current_date + 10), 'active', null),
    (26900, 9021, 1, '2018-06-01', 'monthly', 800.00, 800.00,
        (date_trunc('month', current_date) + interval '1 month')::date, 'active', null)
on conflict do nothing;

insert into service_options (service_id, option_id, quantity) values
    (20804, 1, 5), (20805, 2, 5), (20805, 3, 1), (20805, 4, 1), (20806, 6, 1),
    (25355, 1, 2), (30806, 5, 1), (26900, 1, 1)
on conflict do nothing;

-- Explicit ids above leave the identity sequences behind; move them past the demo rows.
do $$
declare t text;
begin
    foreach t in array array['departments', 'staff', 'organisations', 'organisation_bank_accounts', 'client_groups',
                             'product_groups', 'products', 'config_options', 'promo_codes', 'clients', 'client_contacts',
                             'client_notes', 'services'] loop
        execute format('select setval(pg_get_serial_sequence(%L, ''id''), greatest((select max(id) from %I), 1))', t, t);
    end loop;
end $$;

-- Published numbers continue the company's (seed 003: invoices 71475, 72557, 72815 — 1C carries the same numbers), so the
-- demo's first invoice is № 72816, never a number a historical 1C document holds.
update invoice_numbering set last_number = greatest(last_number, 72815);

-- Who signs the organisations' invoices (the «Счет на оплату» form; issue 13).
update organisations set director = 'Ёлкин А. В.', chief_accountant = 'Семёнова О. Н.' where id = 1 and director is null;
update organisations set director = 'Щербаков Д. Ю.', chief_accountant = 'Жукова Е. Ф.' where id = 2 and director is null;
