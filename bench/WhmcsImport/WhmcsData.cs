using System.Globalization;

namespace BackOffice.Bench.WhmcsImport;

/// <summary>A WHMCS of the shape generated inside MariaDB (sequence engine), its Cyrillic written through latin1 as the company's was.</summary>
static class WhmcsData
{
    public static string Generate(int clients, int services, int invoices, int lines, int tickets, int replies) => string.Format(CultureInfo.InvariantCulture, """
        SET sql_mode = '';
        INSERT INTO tblconfiguration VALUES ('Version', '5.3.5-release.1'), ('SequentialInvoiceNumberFormat', '{{NUMBER}}');
        INSERT INTO tblcurrencies VALUES (1, 'RUB', '', ' руб', 1, 1, 1);
        INSERT INTO tblcustomfields (id, type, relid, fieldname, fieldtype, description, fieldoptions, regexpr, adminonly, required, showorder, showinvoice, sortorder) VALUES
          (1, 'client', 0, 'ИНН', 'text', '', '', '', '', '', '', '', 1), (2, 'client', 0, 'КПП', 'text', '', '', '', '', '', '', '', 2),
          (3, 'client', 0, 'Код контрагента в Юнион', 'text', '', '', '', '', '', '', '', 3), (4, 'client', 0, 'Менеджер приведший клиента', 'text', '', '', '', '', '', '', '', 4);
        INSERT INTO tbladmins (id, roleid, username, firstname, lastname, email, signature, notes, disabled, supportdepts) VALUES
          (1, 1, 'kamyshina', 'Екатерина', 'Камышина', 'e.k@bit-live.example', '', '', 0, '1'), (2, 3, 'kucherenko', 'Диана', 'Кучеренко', 'd.k@bit-live.example', '', '', 0, '1');
        INSERT INTO tblticketdepartments (id, name, description, email, clientsonly, piperepliesonly, noautoresponder, hidden, `order`, host, port, login, password) VALUES
          (1, 'Техническая поддержка', '', 'ok@bit-live.example', '', '', '', '', 1, '', '', '', ''), (2, 'Бухгалтерия', '', 'buh@bit-live.example', '', '', '', '', 2, '', '', '', '');
        INSERT INTO tblproductgroups (id, name, orderfrmtpl, disabledgateways, hidden, `order`) VALUES (1, 'ЛАЙВ', '', '', '', 1);
        INSERT INTO tblproducts (id, type, gid, name, description, hidden, paytype) SELECT seq, 'other', 1, CONCAT('Доступ на пользователя &quot;Стандарт ', seq, '&quot;'), '', '', 'recurring' FROM seq_1_to_10;
        INSERT INTO tblpricing (type, currency, relid, msetupfee, qsetupfee, ssetupfee, asetupfee, bsetupfee, tsetupfee, monthly, quarterly, semiannually, annually, biennially, triennially)
          SELECT 'product', 1, seq, 0, 0, 0, 0, -1, -1, 800, 2400, 4560, 9120, -1, -1 FROM seq_1_to_10;
        INSERT INTO tblclients (id, firstname, lastname, companyname, email, address1, address2, city, state, postcode, country, phonenumber, password, currency, defaultgateway,
            credit, taxexempt, latefeeoveride, overideduenotices, separateinvoices, disableautocc, datecreated, notes, groupid, status, language)
          SELECT seq, 'Сергей', CONCAT('Саркисов-', seq), CONCAT('ООО «Фабрика Бизнеса ', seq, '»'), CONCAT('client', seq, '@oteli-apelsin.ru'), 'Уланский пер, дом № 14', '', 'Москва', '',
            '101000', 'RU', '+7 495 123-45-67', '', 1, 'banktransfer', 0, '', '', '', '', '', '2015-01-01', 'Договор', 0, 'Active', '' FROM seq_1_to_{0};
        INSERT INTO tblcustomfieldsvalues SELECT 1, seq, '7708305901' FROM seq_1_to_{0};
        INSERT INTO tblcustomfieldsvalues SELECT 2, seq, '770801001' FROM seq_1_to_{0};
        INSERT INTO tblcustomfieldsvalues SELECT 3, seq, CONCAT('00-', seq) FROM seq_1_to_{0};
        INSERT INTO tblcustomfieldsvalues SELECT 4, seq, IF(seq % 2 = 0, 'Диана Кучеренко', 'Екатерина Камышина') FROM seq_1_to_{0};
        INSERT INTO tblhosting (id, userid, orderid, packageid, regdate, domain, paymentmethod, firstpaymentamount, amount, billingcycle, nextduedate, nextinvoicedate, domainstatus, notes)
          SELECT seq, 1 + seq % {0}, 0, 1 + (seq DIV {0}) % 10, '2018-08-01', '', 'banktransfer', 4560, 4560, 'Semi-Annually', '2027-02-01', '2027-02-01', 'Active', '' FROM seq_1_to_{1};
        INSERT INTO tblinvoices (id, userid, invoicenum, date, duedate, datepaid, subtotal, credit, tax, tax2, total, taxrate, taxrate2, status, paymentmethod, notes)
          SELECT seq, 1 + seq % {0}, IF(seq % 20 = 0, '', seq), '2019-01-01' + INTERVAL (seq % 2500) DAY, '2019-01-15' + INTERVAL (seq % 2500) DAY,
            IF(seq % 20 = 0, '0000-00-00', '2019-01-10' + INTERVAL (seq % 2500) DAY), 3200, 0, 0, 0, 3200, 0, 0, IF(seq % 20 = 0, 'Unpaid', 'Paid'), 'banktransfer', '' FROM seq_1_to_{2};
        INSERT INTO tblinvoiceitems (id, invoiceid, userid, type, relid, description, amount, taxed, duedate, paymentmethod, notes)
          SELECT seq, 1 + seq % {2}, 1 + (1 + seq % {2}) % {0}, 'Hosting', 1 + seq % {1}, 'Доступ на пользователя &quot;Стандарт&quot; (01/02/2019 - 31/07/2019)\nКоличество пользователей: 5 х Пользователь 800.00 руб',
            3200 * 0 + 800 + (seq % 3), 0, '2019-02-01', 'banktransfer', '' FROM seq_1_to_{3};
        INSERT INTO tblaccounts (id, userid, currency, gateway, date, description, amountin, fees, amountout, rate, transid, invoiceid, refundid)
          SELECT seq, 1 + seq % {0}, 0, 'banktransfer', '2019-01-10' + INTERVAL (seq % 2500) DAY, 'Invoice Payment', 3200, 0, 0, 1, CONCAT('п/п ', seq), seq, 0 FROM seq_1_to_{2} WHERE seq % 20 <> 0;
        INSERT INTO tbltickets (id, tid, did, userid, name, email, cc, c, date, title, message, status, urgency, admin, attachment, lastreply, flag, clientunread, adminunread, replyingadmin, replyingtime, service)
          SELECT seq, 100000 + seq, 1 + seq % 2, 1 + seq % {0}, '', '', '', 'x', '2019-02-04 09:30:00' + INTERVAL (seq % 2500) DAY, 'Не запускается 1С',
            'Добрый день! После обновления не запускается &quot;БИТ:Отель&quot;.', IF(seq % 10 = 0, 'Open', 'Closed'), 'Medium', '', '', '2019-02-04 11:00:00' + INTERVAL (seq % 2500) DAY, 2, 0, '', 0, '0000-00-00', '' FROM seq_1_to_{4};
        INSERT INTO tblticketreplies (id, tid, userid, name, email, date, message, admin, attachment, rating)
          SELECT seq, 1 + seq % {4}, IF(seq % 2 = 0, 0, 1 + (1 + seq % {4}) % {0}), '', '', '2019-02-04 10:00:00' + INTERVAL (seq % 2500) DAY, 'Здравствуйте! Перезапустили сервер, проверьте.',
            IF(seq % 2 = 0, 'Диана Кучеренко', ''), '', 0 FROM seq_1_to_{5};
        """, clients, services, invoices, lines, tickets, replies);

    /// <summary>About 1 % of it changed as a working day would: clients edited, invoices paid, tickets answered.</summary>
    public static string ChangeOnePercent(int clients, int invoices, int replies, int tickets) => string.Format(CultureInfo.InvariantCulture, """
        SET sql_mode = '';
        UPDATE tblclients SET companyname = CONCAT(companyname, ' (изм.)') WHERE id % 100 = 7;
        UPDATE tblinvoices SET status = 'Paid', datepaid = NOW(), invoicenum = id WHERE status = 'Unpaid' AND id % 5 = 0;
        UPDATE tblinvoices SET notes = 'изменено', datepaid = NOW() WHERE id % 100 = 3 AND status = 'Paid';
        INSERT INTO tblticketreplies (id, tid, userid, name, email, date, message, admin, attachment, rating)
          SELECT {2} + seq, 1 + seq * 97 % {3}, 0, '', '', NOW(), 'Ответ сегодня', 'Диана Кучеренко', '', 0 FROM seq_1_to_{4};
        """, clients, invoices, replies, tickets, Math.Max(1, replies / 100));
}
