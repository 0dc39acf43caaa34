-- Data shaped like seed 003 (the company's WHMCS 5.3.5): the worked example of client #7583 and invoice 71475, and the
-- imperfect rows an importer meets. Loaded through a latin1 connection as the company's WHMCS wrote it (no $mysql_charset):
-- the Cyrillic below lands double-encoded in the utf8 columns, and text is HTML-entity-encoded as WHMCS stores input.
-- Written for these tests; names and numbers from seed 003, everything else invented.
SET sql_mode = '';

INSERT INTO tblconfiguration (setting, value) VALUES ('Version', '5.3.5-release.1'), ('SequentialInvoiceNumbering', 'on'),
  ('SequentialInvoiceNumberFormat', '{NUMBER}'), ('SequentialInvoiceNumberValue', '72561'), ('TicketMask', '%n%n%n%n%n%n'),
  ('TaxEnabled', ''), ('Version', '5.3.5-release.1');

INSERT INTO tblcurrencies (id, code, prefix, suffix, format, rate, `default`) VALUES (1, 'RUB', '', ' руб', 1, 1, 1), (2, 'USD', '$', ' USD', 1, 0.01500, 0);

INSERT INTO tblclientgroups (id, groupname, groupcolour, discountpercent, susptermexempt, separateinvoices) VALUES (1, 'Референсные клиенты', '#ffffcc', 0, '', '');

INSERT INTO tbladmins (id, roleid, username, password, passwordhash, firstname, lastname, email, signature, notes, disabled, supportdepts) VALUES
  (1, 1, 'kamyshina', '5f4dcc3b5aa765d61d8327deb882cf99', '', 'Екатерина', 'Камышина', 'e.kamyshina@bit-live.example', '', '', 0, '1,2'),
  (2, 3, 'kucherenko', '5f4dcc3b5aa765d61d8327deb882cf99', '', 'Диана', 'Кучеренко', 'd.kucherenko@bit-live.example', '', '', 0, '1'),
  (3, 2, 'petrov', '5f4dcc3b5aa765d61d8327deb882cf99', '', 'Олег', 'Петров', 'o.petrov@bit-live.example', '', '', 1, '');

INSERT INTO tblticketdepartments (id, name, description, email, clientsonly, piperepliesonly, noautoresponder, hidden, `order`, host, port, login, password) VALUES
  (1, 'Техническая поддержка', '', 'ok@bit-live.example', '', '', '', '', 1, 'pop.bit-live.example', '110', 'ok', 'c2VjcmV0'),
  (2, 'Бухгалтерия', '', 'buh@bit-live.example', '', '', '', '', 2, '', '', '', '');

INSERT INTO tblcustomfields (id, type, relid, fieldname, fieldtype, description, fieldoptions, regexpr, adminonly, required, showorder, showinvoice, sortorder) VALUES
  (1, 'client', 0, 'ИНН', 'text', '', '', '', '', '', 'on', 'on', 1),
  (2, 'client', 0, 'КПП', 'text', '', '', '', '', '', 'on', 'on', 2),
  (3, 'client', 0, 'Код контрагента в Юнион', 'text', '', '', '', 'on', '', '', '', 3),
  (4, 'client', 0, 'Менеджер приведший клиента', 'dropdown', '', 'Екатерина Камышина,Диана Кучеренко', '', 'on', '', '', '', 4),
  (5, 'product', 7, 'Логин', 'text', '', '', '', '', '', '', '', 0);

INSERT INTO tblclients (id, firstname, lastname, companyname, email, address1, address2, city, state, postcode, country, phonenumber, password,
  currency, defaultgateway, credit, taxexempt, latefeeoveride, overideduenotices, separateinvoices, disableautocc, datecreated, notes, groupid, status, language) VALUES
  (7583, 'Сергей', 'Саркисов', 'ООО «Фабрика Бизнеса»', 's.sarkisov@oteli-apelsin.ru', 'Уланский пер, дом № 14, корпус А, пом.11', '', 'Москва', 'Москва', '101000', 'RU', '+7 495 123-45-67',
   '0f1e2d:salt', 1, 'banktransfer', 250.00, '', '', '', '', '', '2012-03-14', 'Договор № 118 от 14.03.2012', 1, 'Active', ''),
  (7584, 'Анна', 'Белова', 'ООО &quot;Сеть Отелей&quot;', 'buh@set-oteley.ru', 'ул. Тверская, 1', '', 'Москва', '', '125009', 'RU', '', '', 1, 'banktransfer', 150.00,
   'on', 'on', '', 'on', '', '2015-06-01', '', 0, 'Active', ''),
  (7585, 'Игорь', 'Саркисов', 'ООО «Отель Апельсин»', 'S.Sarkisov@oteli-apelsin.ru', '', '', 'Москва', '', '', 'RU', '', '', 1, 'banktransfer', 0.00,
   '', '', '', '', '', '2016-09-20', '', 0, 'Inactive', ''),
  (7586, 'Айгуль', 'Нурланова', 'ТОО «Степь»', 'info@step.kz', '', '', 'Алматы', '', '', 'KZ', '', '', 2, 'banktransfer', 0.00,
   '', '', '', '', '', '2017-01-10', '', 0, 'Closed', ''),
  (12460, 'Мария', 'Орлова', '', 'orlova@example.ru', '', '', 'Казань', '', '', 'RU', '', '', 1, 'banktransfer', 0.00,
   '', '', '', '', '', '2019-03-04', '', 0, 'Active', '');

INSERT INTO tblcustomfieldsvalues (fieldid, relid, value) VALUES
  (1, 7583, '7708305901'), (2, 7583, '770801001'), (3, 7583, '00-00012345'), (4, 7583, 'Диана Кучеренко'),
  (1, 7584, '7725381773'), (2, 7584, '772501001'), (3, 7584, '00-00012346'), (4, 7584, 'Екатерина Камышина'),
  (1, 7585, '7708318386'), (2, 7585, ''),
  (1, 12460, '77083O8386'),
  (1, 99999, '7708305901');

INSERT INTO tblcontacts (id, userid, firstname, lastname, companyname, email, phonenumber, subaccount, password, generalemails, invoiceemails, supportemails) VALUES
  (31, 7583, 'Ольга', 'Бухгалтер', '', 'buh@oteli-apelsin.ru', '+7 495 123-45-68', 0, '', 0, 1, 0);

INSERT INTO tblnotes (id, userid, adminid, created, modified, note, sticky) VALUES
  (501, 7583, 2, '2019-02-05 16:10:00', '2019-02-05 16:10:00', 'Группа компаний ООО &quot;ФАБРИКА БИЗНЕСА&quot; ID7583\r\nООО &quot;Сеть Отелей&quot; 7725381772\r\nООО &quot;ОТЕЛЬ АПЕЛЬСИН&quot; 7708318386', 1),
  (502, 7583, 1, '2019-03-04 14:00:00', '2019-03-04 14:00:00', 'привели id 12460 и 12118', 0);

INSERT INTO tblhosting (id, userid, orderid, packageid, regdate, domain, paymentmethod, firstpaymentamount, amount, billingcycle, nextduedate, nextinvoicedate, domainstatus, notes) VALUES
  (20804, 7583, 9001, 7, '2018-08-01', '', 'banktransfer', 22800.00, 22800.00, 'Semi-Annually', '2019-08-01', '2019-08-01', 'Active', ''),
  (20805, 7583, 9001, 8, '2018-08-01', '', 'banktransfer', 12825.00, 12825.00, 'Semi-Annually', '2019-08-01', '2019-08-01', 'Active', ''),
  (20806, 7583, 9001, 9, '2018-08-01', '', 'banktransfer', 13380.00, 13380.00, 'Semi-Annually', '2019-08-01', '2019-08-01', 'Active', '');

INSERT INTO tblinvoices (id, userid, invoicenum, date, duedate, datepaid, subtotal, credit, tax, tax2, total, taxrate, taxrate2, status, paymentmethod, notes) VALUES
  (71475, 7583, '71475', '2019-01-12', '2019-02-01', '2019-01-28 10:15:00', 48336.00, 0.00, 0.00, 0.00, 48336.00, 0.00, 0.00, 'Paid', 'banktransfer', ''),
  (72557, 7583, '72557', '2019-02-08', '2019-02-15', '2019-02-18 12:00:00', 344.00, 0.00, 0.00, 0.00, 344.00, 0.00, 0.00, 'Paid', 'banktransfer', ''),
  (72558, 7584, '72558', '2019-02-09', '2019-02-16', '2019-02-10 09:00:00', 1000.00, 0.00, 0.00, 0.00, 1000.00, 0.00, 0.00, 'Refunded', 'banktransfer', ''),
  (72559, 7584, '', '2019-02-20', '2019-03-01', '0000-00-00 00:00:00', 2400.00, 500.00, 0.00, 0.00, 1900.00, 0.00, 0.00, 'Unpaid', 'banktransfer', 'Частичная оплата'),
  (72560, 7585, '', '2019-02-21', '2019-03-01', '0000-00-00 00:00:00', 800.00, 0.00, 0.00, 0.00, 800.00, 0.00, 0.00, 'Cancelled', 'banktransfer', ''),
  (72561, 7586, '', '2019-02-22', '2019-03-01', '0000-00-00 00:00:00', 100.00, 0.00, 0.00, 0.00, 100.00, 0.00, 0.00, 'Unpaid', 'banktransfer', '');

INSERT INTO tblinvoiceitems (id, invoiceid, userid, type, relid, description, amount, taxed, duedate, paymentmethod, notes) VALUES
  (900001, 71475, 7583, 'Hosting', 20804, 'Доступ на пользователя &quot;Стандарт&quot; (01/02/2019 - 31/07/2019)\nКоличество пользователей: 5 х Пользователь 800.00 руб', 22800.00, 0, '2019-02-01', 'banktransfer', ''),
  (900002, 71475, 7583, 'Hosting', 20805, 'Пакет лицензий 1С в аренду (01/02/2019 - 31/07/2019)\nЛицензии в аренду: 5 х Кол-во пользователей 450.00 руб', 12825.00, 0, '2019-02-01', 'banktransfer', ''),
  (900003, 71475, 7583, 'Hosting', 20806, 'БИТ:Отель 8. ПРОФ (01/02/2019 - 31/07/2019)\nКол-во: 1 х шт. 13380.00 руб', 13380.00, 0, '2019-02-01', 'banktransfer', ''),
  (900004, 71475, 7583, 'PromoHosting', 20806, 'Промо-код: Скидка для референсных клиентов 5%', -669.00, 0, '2019-02-01', 'banktransfer', ''),
  (900005, 72557, 7583, 'Hosting', 20999, 'Пакет дискового пространства 5ГБ (08/02/2019 - 31/07/2019)\nПакет дискового пространства 5ГБ: 1 х шт 360.00 руб', 344.00, 0, '2019-02-15', 'banktransfer', ''),
  (900006, 72558, 7584, '', 0, 'Работа администратора', 1000.00, 0, '2019-02-16', 'banktransfer', ''),
  (900007, 72559, 7584, '', 0, 'Работа администратора', 2400.00, 0, '2019-03-01', 'banktransfer', ''),
  (900008, 72560, 7585, '', 0, 'Настройка', 800.00, 0, '2019-03-01', 'banktransfer', ''),
  (900009, 72561, 7586, '', 0, 'Consulting', 100.00, 0, '2019-03-01', 'banktransfer', ''),
  (900010, 0, 7583, 'Hosting', 20804, 'Ещё не выставлено', 100.00, 0, '2019-08-01', 'banktransfer', '');

INSERT INTO tblaccounts (id, userid, currency, gateway, date, description, amountin, fees, amountout, rate, transid, invoiceid, refundid) VALUES
  (40001, 7583, 0, 'banktransfer', '2019-01-28 10:15:00', 'Invoice Payment', 48336.00, 0, 0, 1, 'п/п 124', 71475, 0),
  (40002, 7583, 0, 'banktransfer', '2019-02-18 12:00:00', 'Invoice Payment', 344.00, 0, 0, 1, 'п/п 311', 72557, 0),
  (40003, 7584, 0, 'banktransfer', '2019-02-10 09:00:00', 'Invoice Payment', 1000.00, 0, 0, 1, 'п/п 77', 72558, 0),
  (40004, 7584, 0, 'banktransfer', '2019-02-12 09:00:00', 'Refund of Transaction ID п/п 77', 0, 0, 1000.00, 1, 'возврат 5', 72558, 40003),
  (40005, 7584, 0, 'banktransfer', '2019-02-25 11:00:00', 'Invoice Payment', 900.00, 0, 0, 1, 'п/п 402', 72559, 0),
  (40006, 7584, 0, 'banktransfer', '2019-02-26 11:00:00', 'Ошибочная запись', 0, 0, 0, 1, '', 72559, 0);

INSERT INTO tblcredit (id, clientid, date, description, amount, relid) VALUES
  (601, 7584, '2019-02-19', 'Переплата по п/п 390', 650.00, 0),
  (602, 7584, '2019-02-20', 'Credit Applied to Invoice #72559', -500.00, 72559);

INSERT INTO tbltickets (id, tid, did, userid, name, email, cc, c, date, title, message, status, urgency, admin, attachment, lastreply, flag, clientunread, adminunread, replyingadmin, replyingtime, service) VALUES
  (3101, '482913', 1, 7583, '', '', '', 'aB3dE5fG', '2019-02-04 09:30:00', 'Не запускается 1С', 'Добрый день! После обновления не запускается &quot;БИТ:Отель&quot;.', 'Closed', 'High', '', '', '2019-02-04 11:00:00', 2, 0, '', 0, '0000-00-00 00:00:00', 'S20806'),
  (3102, '519377', 2, 0, 'Неизвестный', 'unknown@example.org', '', 'Zx9Yw8Vu', '2019-02-06 10:00:00', 'Сверка', 'Пришлите акт сверки', 'Open', 'Low', '', '', '2019-02-06 10:00:00', 0, 0, '', 0, '0000-00-00 00:00:00', ''),
  (3103, '630041', 1, 7584, '', '', '', 'Qw1Er2Ty', '2019-02-07 12:00:00', 'Добавить пользователя', 'Добавьте пользователя Иванова', 'Customer-Reply', 'Medium', '', '', '2019-02-07 15:00:00', 0, 0, '', 0, '0000-00-00 00:00:00', '');

INSERT INTO tblticketreplies (id, tid, userid, name, email, date, message, admin, attachment, rating) VALUES
  (8001, 3101, 0, '', '', '2019-02-04 10:00:00', 'Здравствуйте! Перезапустили сервер, проверьте.', 'Диана Кучеренко', '', 0),
  (8002, 3101, 7583, '', '', '2019-02-04 11:00:00', 'Заработало, спасибо.', '', '', 0),
  (8003, 3103, 0, '', '', '2019-02-07 13:00:00', 'Уточните, пожалуйста, логин.', 'Екатерина Камышина', '', 0),
  (8004, 3103, 7584, '', '', '2019-02-07 15:00:00', 'ivanov', '', '', 0);

INSERT INTO tblticketnotes (id, ticketid, admin, date, message) VALUES
  (701, 3101, 'Диана Кучеренко', '2019-02-04 09:45:00', 'Проверить лицензии БИТ');

INSERT INTO tblproductgroups (id, name, orderfrmtpl, disabledgateways, hidden, `order`) VALUES (1, 'ЛАЙВ', '', '', '', 1), (2, '1С в аренду', '', '', 'on', 2);

INSERT INTO tblproducts (id, type, gid, name, description, hidden, paytype, retired, `order`) VALUES
  (7, 'other', 1, 'Доступ на пользователя &quot;Стандарт&quot;', '', '', 'recurring', 0, 1),
  (8, 'other', 2, 'Пакет лицензий 1С в аренду', '', '', 'recurring', 0, 2),
  (9, 'other', 2, 'БИТ:Отель 8. ПРОФ', '', '', 'recurring', 0, 3),
  (10, 'other', 1, 'Настройка рабочего места', '', '', 'onetime', 0, 4),
  (11, 'other', 1, 'Хостинг на три года', '', 'on', 'recurring', 1, 5);

INSERT INTO tblpricing (type, currency, relid, msetupfee, qsetupfee, ssetupfee, asetupfee, bsetupfee, tsetupfee, monthly, quarterly, semiannually, annually, biennially, triennially) VALUES
  ('product', 1, 7, 0, 0, 0, 0, -1, -1, 800.00, 2400.00, 4560.00, 9120.00, -1, -1),
  ('product', 2, 7, 0, 0, 0, 0, -1, -1, 12.00, -1, -1, -1, -1, -1),
  ('product', 1, 8, 0, 0, 0, 0, -1, -1, 450.00, -1, 2565.00, -1, -1, -1),
  ('product', 1, 9, 0, 0, 0, 0, -1, -1, -1, -1, 13380.00, 26760.00, -1, -1),
  ('product', 1, 10, 1500.00, -1, -1, -1, -1, -1, 3000.00, -1, -1, -1, -1, -1),
  ('product', 1, 11, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, 30000.00);

INSERT INTO tblorders (id, ordernum, userid, contactid, date, promocode, amount, paymentmethod, invoiceid, status, ipaddress, notes) VALUES
  (9001, 4718305562, 7583, 0, '2018-07-20 11:00:00', 'Скидка для референсных клиентов 5%', 49005.00, 'banktransfer', 71475, 'Active', '10.0.0.1', ''),
  (9002, 123, 7584, 0, '2019-02-20 11:00:00', '', 2400.00, 'banktransfer', 0, 'Pending', '', '');

INSERT INTO tblhosting (id, userid, orderid, packageid, regdate, domain, paymentmethod, firstpaymentamount, amount, billingcycle, nextduedate, nextinvoicedate, domainstatus, notes) VALUES
  (20807, 7584, 9002, 11, '2019-02-20', '', 'banktransfer', 30000.00, 30000.00, 'Triennially', '2022-02-20', '2022-02-20', 'Active', ''),
  (20808, 7584, 9002, 7, '2019-02-20', '', 'banktransfer', 800.00, 800.00, 'Monthly', '2019-03-20', '2019-03-20', 'Active', ''),
  (20809, 7584, 9002, 7, '2019-02-21', '', 'banktransfer', 800.00, 800.00, 'Monthly', '2019-03-21', '2019-03-21', 'Pending', ''),
  (20810, 7585, 0, 10, '2016-09-20', '', 'banktransfer', 4500.00, 0.00, 'One Time', '0000-00-00', '0000-00-00', 'Active', ''),
  (20811, 7585, 0, 7, '2016-09-20', '', 'banktransfer', 0.00, 0.00, 'Free Account', '0000-00-00', '0000-00-00', 'Terminated', '');

-- Configurable options as the manual's invoices show them ("Количество пользователей: 5 х Пользователь", "Кол-во: 1 х шт.",
-- "1С:Бухгалтерия 8 ПРОФ. Редакция 3.0: опция подключена"), a dropdown, and one option group shared by two products.
INSERT INTO tblproductconfiggroups (id, name, description) VALUES (1, 'Users', ''), (2, 'Rent', ''), (3, 'Hotel', '');
INSERT INTO tblproductconfiglinks (gid, pid) VALUES (1, 7), (2, 8), (3, 9), (1, 11);
INSERT INTO tblproductconfigoptions (id, gid, optionname, optiontype, qtyminimum, qtymaximum, `order`, hidden) VALUES
  (1, 1, 'users|Количество пользователей', '4', 1, 100, 1, 0),
  (2, 2, 'Лицензии в аренду', '4', 0, 100, 1, 0),
  (3, 3, 'Кол-во', '4', 1, 10, 3, 0),
  (4, 3, '1С:Бухгалтерия 8 ПРОФ. Редакция 3.0', '3', 0, 0, 2, 0),
  (5, 3, 'Редакция', '1', 0, 0, 1, 0);
INSERT INTO tblproductconfigoptionssub (id, configid, optionname, sortorder, hidden) VALUES
  (1, 1, 'Пользователь', 0, 0), (2, 2, 'Кол-во пользователей', 0, 0), (3, 3, 'шт.', 0, 0), (4, 4, 'опция подключена', 0, 0),
  (5, 5, 'ПРОФ', 1, 0), (6, 5, 'КОРП', 2, 0);
INSERT INTO tblpricing (type, currency, relid, msetupfee, qsetupfee, ssetupfee, asetupfee, bsetupfee, tsetupfee, monthly, quarterly, semiannually, annually, biennially, triennially) VALUES
  ('configoptions', 1, 1, 0, 0, 0, 0, 0, 0, 800.00, 2400.00, 4560.00, 9120.00, -1, -1),
  ('configoptions', 2, 1, 0, 0, 0, 0, 0, 0, 12.00, 36.00, 68.00, 136.00, -1, -1),
  ('configoptions', 1, 2, 0, 0, 0, 0, 0, 0, 450.00, -1, 2565.00, -1, -1, -1),
  ('configoptions', 1, 3, 0, 0, 500.00, 0, 0, 0, -1, -1, 13380.00, 26760.00, -1, -1),
  ('configoptions', 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  ('configoptions', 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  ('configoptions', 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, 1000.00, 2000.00, 0, 0);
INSERT INTO tblhostingconfigoptions (id, relid, configid, optionid, qty) VALUES
  (1, 20804, 1, 1, 5), (2, 20805, 2, 2, 5), (3, 20806, 3, 3, 1), (4, 20806, 4, 4, 1), (5, 20806, 5, 6, 0), (6, 20807, 1, 1, 3), (7, 20808, 2, 2, 4);

-- Addons: a 5.x addon sold half-yearly at one price, a one-time one, one on a cycle BackOffice lacks; a service's addon,
-- a custom one (no catalogue addon) and one on a service not taken.
INSERT INTO tbladdons (id, packages, name, description, billingcycle, tax, showorder, downloads, autoactivate, suspendproduct, welcomeemail, weight) VALUES
  (1, '7,8,99', 'Резервное копирование', '', 'Semi-Annually', '', 'on', '', 'on', 'on', 0, 0),
  (2, '10', 'Выезд специалиста', '', 'One Time', '', '', '', '', '', 0, 0),
  (3, '', 'Архив на три года', '', 'Triennially', '', '', '', '', '', 0, 0);
INSERT INTO tblpricing (type, currency, relid, msetupfee, qsetupfee, ssetupfee, asetupfee, bsetupfee, tsetupfee, monthly, quarterly, semiannually, annually, biennially, triennially) VALUES
  ('addon', 1, 1, 0, 0, 0, 0, 0, 0, 1200.00, 0, 0, 0, 0, 0),
  ('addon', 1, 2, 0, 0, 0, 0, 0, 0, 2500.00, 0, 0, 0, 0, 0),
  ('addon', 1, 3, 0, 0, 0, 0, 0, 0, 9000.00, 0, 0, 0, 0, 0);
INSERT INTO tblhostingaddons (id, orderid, hostingid, addonid, name, setupfee, recurring, billingcycle, tax, status, regdate, nextduedate, nextinvoicedate, paymentmethod, notes) VALUES
  (1, 9001, 20804, 1, '', 0, 1200.00, 'Semi-Annually', '', 'Active', '2018-08-01', '2019-08-01', '2019-08-01', 'banktransfer', ''),
  (2, 0, 20804, 0, 'Индивидуальная доработка', 0, 500.00, 'Monthly', '', 'Active', '2018-09-01', '2019-03-01', '2019-03-01', 'banktransfer', ''),
  (3, 0, 20807, 1, '', 0, 1200.00, 'Semi-Annually', '', 'Active', '2019-02-20', '2019-08-20', '2019-08-20', 'banktransfer', '');

-- Promotions: the reference clients' discount on 20806 (seed invoice 71475's promo line), a free setup, one for domains only.
INSERT INTO tblpromotions (id, code, type, recurring, value, cycles, appliesto, requires, requiresexisting, startdate, expirationdate, maxuses, uses,
  lifetimepromo, applyonce, newsignups, existingclient, onceperclient, recurfor, upgrades, upgradeconfig, notes) VALUES
  (1, 'Скидка для референсных клиентов 5%', 'Percentage', 1, 5.00, '', '7,8,9', '', 0, '0000-00-00', '0000-00-00', 0, 3, 1, 0, 0, 0, 0, 0, 0, '', ''),
  (2, 'FREESETUP', 'Free Setup', 0, 0, '', '10', '', 0, '2019-01-01', '2019-12-31', 10, 1, 0, 0, 0, 0, 0, 0, 0, '', ''),
  (3, 'DOMAIN10', 'Percentage', 1, 10.00, 'Annually', 'D.ru,A1', '', 0, '0000-00-00', NULL, 0, 0, 0, 0, 0, 0, 0, 2, 0, '', '');
UPDATE tblhosting SET promoid = 1 WHERE id = 20806;
