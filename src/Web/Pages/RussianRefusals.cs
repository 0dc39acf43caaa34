using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Web.Pages;

/// <summary>
/// The features' refusals as the staff read them. A feature refuses in English (the verbs print it, scripts and tests
/// read it) and names the rule by its <see cref="RefusalCode"/>, with the values its message names as arguments. Here each
/// code has its Russian template over the same arguments: <c>{0}</c> is the English message's first value, and so on.
/// <c>{1:invoice}</c> shows an argument that is a ledger code (an invoice status here) by its Russian name, <c>{0:date}</c>
/// a ledger date (dd/MM/yyyy) as the staff write it.
/// A refusal without a code, or with a code missing here, is shown as the feature wrote it.
/// </summary>
public static class RussianRefusals
{
    public static string Russian(LedgerError e) => Russian(e.Code, e.Arguments, e.Message);

    /// <summary>Why a statement file was rejected, with the line and key it names (the page shows them apart too).</summary>
    public static string Russian(StatementRejected e)
    {
        var reason = Russian(e.Code, e.Arguments, e.Reason);
        return (e.LineNumber, e.Key) switch
        {
            ({ } line, { } key) => $"строка {line}, ключ {key}: {reason}",
            ({ } line, null) => $"строка {line}: {reason}",
            (null, { } key) => $"ключ {key}: {reason}",
            _ => reason,
        };
    }

    /// <summary>Why a document waits on the review desk; a row queued before reasons had codes is shown as written.</summary>
    public static string Russian(ReviewItem item) => Russian(item.ReasonCode, item.ReasonArguments ?? [], item.Reason);

    static string Russian(RefusalCode? code, IReadOnlyList<string> arguments, string english) => Russian(code?.Name, arguments, english);

    static string Russian(string? code, IReadOnlyList<string> arguments, string english)
    {
        if (code is null || !Templates.TryGetValue(code, out var template)) return english;
        try
        {
            return string.Format(Names, template, arguments.Select(a => (object)new Argument(a)).ToArray());
        }
        catch (FormatException)
        {
            // A template asking for a value the message does not carry: the English, which names them all, is the safer text.
            return english;
        }
    }

    public static bool Knows(string code) => Templates.ContainsKey(code);

    static readonly IFormatProvider Names = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>An argument shown as it is, or by its Russian name when the template says what kind of code it is.</summary>
    sealed record Argument(string Value) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? provider) => format switch
        {
            "invoice" => LedgerText.InvoiceStatus(Value),
            "bank" => LedgerText.BankStatus(Value),
            "direction" => LedgerText.Direction(Value),
            "roles" => string.Join(", ", Value.Split(", ").Select(Access.RoleNames.Of)),
            "invoice-statuses" => string.Join(", ", InvoicesSaying.Parse(Value).Select(i => $"№ {i.Number} — {LedgerText.InvoiceStatus(i.Detail)}")),
            "invoice-clients" => string.Join(", ", InvoicesSaying.Parse(Value).Select(i => $"№ {i.Number} — клиента #{i.Detail}")),
            "or-none" => Value is "none" or "(none)" ? "не указан" : Value,
            "qr-field" => QrFields.GetValueOrDefault(Value, Value),
            // The ledger's amounts read 1660.00 and its dates dd/MM/yyyy in English messages; the staff write 1 660,00 and dd.MM.yyyy.
            "money" => decimal.TryParse(Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m)
                ? BusinessText.FormatFigure(m) : Value,
            "date" => DateOnly.TryParseExact(Value, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? BusinessText.FormatDate(d) : Value,
            _ => Value,
        };

        public override string ToString() => Value;
    }

    /// <summary>The payment QR's fields (ГОСТ Р 56042-2014 keys) by what they hold.</summary>
    static readonly Dictionary<string, string> QrFields = new()
    {
        ["Name"] = "полное наименование организации (Name)",
        ["PersonalAcc"] = "расчётный счёт (PersonalAcc)",
        ["BankName"] = "наименование банка (BankName)",
        ["BIC"] = "БИК (BIC)",
        ["CorrespAcc"] = "корреспондентский счёт (CorrespAcc)",
        ["PayeeINN"] = "ИНН организации (PayeeINN)",
        ["KPP"] = "КПП организации (KPP)",
        ["Sum"] = "сумма (Sum)",
        ["Purpose"] = "назначение платежа (Purpose)",
    };

    static readonly Dictionary<string, string> Templates = new()
    {
        // What a request names does not exist.
        ["client.missing"] = "Клиента #{0} нет.",
        ["invoice.missing"] = "Счёта № {0} нет.",
        ["invoice.id-missing"] = "Счёта с id {0} нет.",
        ["staff.missing"] = "Сотрудника «{0}» нет.",
        ["staff.id-missing"] = "Сотрудника #{0} нет.",
        ["department.missing"] = "Отдела «{0}» нет.",
        ["organisation.missing"] = "Организации «{0}» нет.",
        ["service.missing"] = "Услуги #{0} нет.",

        // Values read from people.
        ["text.not-a-date"] = "«{1}» — не дата; пишите 2026-12-01 или 01.12.2026.",
        ["text.not-a-month"] = "«{1}» — не месяц; пишите 2026-12 или 12.2026.",
        ["text.not-an-amount"] = "«{1}» — не сумма; пишите 1660.00, 1660,00 или 1 660,00.",

        // Clients.
        ["client.first-name-missing"] = "У клиента должно быть имя.",
        ["client.email-missing"] = "У клиента должен быть email: это основной контакт.",
        ["client.not-an-email"] = "«{0}» — не адрес электронной почты.",
        ["client.email-taken"] = "Email {0} уже указан у клиента #{1}; у каждого клиента свой email.",
        ["client.email-taken-meanwhile"] = "Email {0} только что занял другой клиент; у каждого клиента свой email.",
        ["client.country-missing"] = "Укажите страну: двухбуквенный код (RU, KZ…).",
        ["client.country-form"] = "Страна — двухбуквенный код (RU, KZ…), а не «{0}».",
        ["client.status-unknown"] = "Статус клиента — активный, неактивный или закрыт, а не «{0}».",
        ["client.note-empty"] = "Заметка пуста: напишите текст.",
        ["inn.length"] = "ИНН «{0}» должен состоять из 10 цифр (организация) или 12 цифр (физлицо, ИП); в нём знаков: {1}.",
        ["inn.not-digits"] = "ИНН «{0}» должен состоять из 10 цифр (организация) или 12 цифр (физлицо, ИП); в нём знаков: {1}, и не только цифры.",
        ["inn.check-digit"] = "ИНН «{0}» не проходит проверку {1}-й цифры: должна быть {2}, а стоит {3}.",
        ["kpp.length"] = "КПП «{0}» должен состоять из 9 знаков; в нём {1}.",
        ["kpp.form"] = "КПП «{0}»: 4 цифры (налоговая), 2 цифры или заглавные латинские буквы (причина), 3 цифры (номер).",

        // Invoices.
        ["invoice.not-a-draft"] = "Счёт {0} уже выставлен ({1:invoice}); меняются только черновики — отмените его и выставьте новый или дайте клиенту аванс.",
        ["invoice.status-unknown"] = "«{1}» — не статус счёта.",
        ["order.status-unknown"] = "«{1}» — не статус заказа.",
        ["invoice.already-published"] = "Счёт {0} уже выставлен (статус: {1:invoice}).",
        ["invoice.due-before-issue"] = "Срок оплаты {0:date} не может быть раньше даты счёта {1:date}.",
        ["invoice.payment-method-missing"] = "У счёта должен быть способ оплаты: по нему выбирается организация, выставляющая счёт.",
        ["invoice.payment-method-unknown"] = "«{0}» — способ оплаты ни одной организации; выберите один из: {1}.",
        ["invoice.line-description-missing"] = "В строке {0} нет описания.",
        ["invoice.line-amount-kopecks"] = "Строка {0} ({1}): сумма — в рублях и копейках, а не {2}.",
        ["invoice.line-quantity-negative"] = "Строка {0} ({1}): количество не может быть отрицательным: {2}.",
        ["invoice.no-lines"] = "В черновике #{0} нет строк; добавьте хотя бы одну, прежде чем выставлять счёт.",
        ["invoice.negative-total"] = "Черновик #{0} на сумму {1:money}; счёт не может быть отрицательным (дайте клиенту аванс).",
        ["seller.no-account"] = "У организации {0} нет расчётного счёта, и в счёте нечего указать для оплаты: добавьте счёт организации, прежде чем выставлять.",
        ["seller.bik-form"] = "Организация {0}: БИК «{1}» счёта {2} — не БИК российского банка (9 цифр, начинается с 04).",
        ["seller.bank-missing"] = "Организация {0}: у счёта {1} не указан банк.",
        ["seller.corr-account-missing"] = "Организация {0}: у счёта {1} нет корреспондентского счёта банка с БИК {2}.",
        ["seller.account-check-digit"] = "Организация {0}: расчётный счёт {1} не проходит проверку контрольной цифры по БИК {2} (опечатка в счёте или в БИК).",
        ["seller.corr-account-check-digit"] = "Организация {0}: корреспондентский счёт {1} не проходит проверку контрольной цифры по БИК {2}.",
        ["invoice.period-billed"] = "Период услуги в этом счёте уже выставлен другим счётом ({0}); сначала отмените тот счёт.",
        ["invoice.period-overlap"] = "Период услуги в этом счёте пересекается с днями, уже выставленными другим счётом ({0}); сначала отмените тот счёт.",
        ["vat.rate-missing"] = "Ставка НДС на {0:date} неизвестна: добавьте её в таблицу vat_rates.",
        ["qr.mandatory-block-too-long"] = "Обязательная часть QR-кода оплаты — {0} байт, а ГОСТ Р 56042-2014 допускает {1}: сократите наименование организации или банка.",
        ["qr.field-empty"] = "Для QR-кода оплаты нужно поле «{0:qr-field}», а оно пусто.",
        ["qr.field-reserved-character"] = "Поле QR-кода оплаты «{0:qr-field}» содержит знак «{2}», зарезервированный ГОСТ Р 56042-2014 (поля записываются как «Ключ=Значение» через «|»): «{3}».",
        ["qr.field-too-long"] = "Поле QR-кода оплаты «{0:qr-field}» длиной {2} знаков, а ГОСТ Р 56042-2014 допускает {3}: «{4}».",
        ["mail.no-number-yet"] = "У черновика #{0} ещё нет номера: сначала выставьте счёт.",
        ["mail.no-invoice-mail"] = "Клиент #{0} просил не присылать ему счета по почте: ничего не отправлено. Снимите эту отметку, чтобы отправить счёт № {1}.",
        ["mail.no-address"] = "Счёт № {0}: отправить некуда (адрес клиента: «{1}», контактов, получающих счета, нет); ничего не отправлено.",

        // Treasury.
        ["review.invoice-number-missing"] = "Укажите хотя бы один номер счёта.",
        ["review.invoice-closed"] = "Счёт № {0} {1:invoice}: зачислите деньги на аванс.",
        ["review.invoices-closed"] = "Эти счета уже не ждут оплаты ({0:invoice-statuses}): деньги на них не зачислить.",
        ["review.invoice-of-another-client"] = "Счёт № {0} — счёт клиента #{1}, а не плательщика ({2}): если плательщик действительно платит за этого клиента, отметьте «подтверждаю оплату третьим лицом».",
        ["review.invoices-of-another-client"] = "Счета не плательщика ({1}): {0:invoice-clients}. Если плательщик действительно платит за этих клиентов, отметьте «подтверждаю оплату третьим лицом».",
        ["review.not-third-party"] = "Счёт № {0} — собственный счёт плательщика ({1}): это не оплата за третье лицо; сопоставьте без этой отметки.",
        ["review.ignore-reason-missing"] = "Напишите, почему документ пропускается.",
        ["review.resolver-missing"] = "Не указано, кто разбирает документ.",
        ["review.not-queued"] = "Документа банка #{0} нет в очереди на разбор.",
        ["review.already-resolved"] = "Документ банка #{0} уже разобран.",
        ["review.not-incoming"] = "Документ банка #{0} — не платёж компании ({1:direction}); его можно только пропустить.",

        // Why the matcher left a document to treasury (the review queue's reasons).
        ["queue.no-number-no-open-invoice"] = "В назначении нет номера счёта, а у клиента #{0} нет неоплаченных счетов.",
        ["queue.no-number-several-open"] = "В назначении нет номера счёта, а неоплаченных счетов у клиента #{0} — {1}: какой из них оплачен, точно не сказать.",
        ["queue.invoice-missing"] = "Счёта № {0}, названного в назначении, нет.",
        ["queue.invoice-of-another-client"] = "Счёт № {0} — не плательщика (клиент #{1}), а другого клиента: оплата третьим лицом?",
        ["queue.invoice-closed"] = "Счёт уже не ждёт оплаты ({0:invoice-statuses}): платёж на него не зачислить.",
        ["queue.inn-shared"] = "ИНН плательщика {1} (КПП {2:or-none}) — у {0} клиентов.",
        ["queue.inn-shared-naming-invoice"] = "ИНН плательщика {1} (КПП {2:or-none}) — у {0} клиентов. В назначении назван счёт № {3}.",
        ["queue.account-shared"] = "Платежи с расчётного счёта {0} раньше зачислялись разным клиентам ({1}).",
        ["queue.account-shared-naming-invoice"] = "Платежи с расчётного счёта {0} раньше зачислялись разным клиентам ({1}). В назначении назван счёт № {2}.",
        ["queue.payer-unknown"] = "Ни у одного клиента нет ИНН плательщика {0:or-none} или расчётного счёта {1:or-none} ({2}).",
        ["queue.payer-unknown-naming-invoice"] = "Ни у одного клиента нет ИНН плательщика {0:or-none} или расчётного счёта {1:or-none} ({2}). В назначении назван счёт № {3}.",
        ["queue.same-key-other-content"] = "Документ с теми же счётом, направлением, датой, номером, суммой и контрагентом уже загружен, но с другим содержанием: документ банка #{0}.",
        ["queue.direction-unknown"] = "Ни счёт плательщика, ни счёт получателя не принадлежат нашим организациям.",
        ["queue.match-undone"] = "Сопоставление отменено ({0}): {1}",
        ["payment.invoice-draft"] = "Счёт {0} — черновик: выставьте его, прежде чем записывать платёж.",
        ["payment.invoice-cancelled"] = "Счёт {0} отменён: платёж на него не записать.",
        ["payment.invoice-closed"] = "Счёт {0} уже {1:invoice}: зачислите деньги на аванс клиента.",
        ["reversal.already-refunded"] = "Платёж #{0} уже возвращён ({1:money}): последствия возврата отмените вручную.",
        ["reversal.credit-spent"] = "Платёж #{0} оставил клиенту #{2} аванс {1:money}, а у клиента сейчас только {3:money} (остальное ушло на другие счета): сначала снимите аванс с тех счетов.",
        ["service.change-product-held"] = "Услугу #{0} нельзя перевести на продукт #{1}: этот продукт у клиента теперь в другой услуге.",
        ["bank.document-status-unknown"] = "«{1}» — не статус документа банка.",
        ["bank.document-missing"] = "Документа банка #{0} нет.",
        ["bank.unmatch-reason-missing"] = "Напишите, почему сопоставление отменяется.",
        ["bank.not-matched"] = "Документ банка #{0} — {1:bank}; отменить можно только сопоставленный документ (сопоставлен, частично или на аванс).",
        ["claim.status-unknown"] = "Статус заявки — открыта, найдена или отменена, а не «{0}».",
        ["claim.cancel-reason-missing"] = "Напишите, почему заявка отменяется.",
        ["claim.missing"] = "Заявки о платеже #{0} нет.",
        ["claim.already-cancelled"] = "Заявка о платеже #{0} уже отменена.",
        ["claim.already-found"] = "Заявка о платеже #{0} уже найдена (документ банка #{1}); отменять нечего.",
        ["claim.number-missing"] = "Укажите номер платёжного поручения.",
        ["claim.amount-not-positive"] = "Сумма заявки — больше нуля, в рублях и копейках, а не {0:money}.",
        ["claim.manager-without-email"] = "У сотрудника #{0} ({1}) нет email, и сообщение о пришедшем платеже до него не дойдёт: укажите ему email или выберите другого менеджера.",
        ["claim.already-claimed"] = "Об этом платеже уже заявлено: заявка #{0} ({1}) на п/п № {2} от {3}, ИНН {4}, {5:money}.",

        // Statement files (the upload page says the file is rejected whole and names the line and key).
        ["statement.not-a-date"] = "«{0}» — не дата (ДД.ММ.ГГГГ).",
        ["statement.not-an-amount"] = "«{0}» — не сумма.",
        ["statement.not-a-payment"] = "«{0}» — не платёж: Сумма должна быть больше нуля.",
        ["statement.account-not-ours"] = "выписка по счёту {0}, которого нет ни у одной нашей организации: если он наш, добавьте его организации и загрузите файл снова.",
        ["statement.empty"] = "файл пуст.",
        ["statement.not-1c-file"] = "файл не начинается с 1CClientBankExchange (там «{0}»): это не файл обмена 1С с банком, или у него нет заголовка.",
        ["statement.not-key-value"] = "«{0}» — не строка вида ключ=значение и не начало или конец секции.",
        ["statement.not-a-time"] = "«{0}» — не время (ЧЧ:ММ:СС).",
        ["statement.document-kind-missing"] = "у документа не указан вид (ожидается СекцияДокумент=<вид>, например СекцияДокумент=Платежное поручение).",
        ["statement.end-closes-nothing"] = "{0} ничего не закрывает: открыта секция {1} со строки {2}.",
        ["statement.second-start"] = "вторая строка 1CClientBankExchange до КонецФайла: два файла склеены, первый оборван?",
        ["statement.section-left-open"] = "секция {0}, открытая на строке {1}, не закрыта: {2} встречается раньше её {3}.",
        ["statement.truncated-in-section"] = "файл обрывается на строке {0} внутри секции {1}, открытой на строке {2} (нет ни {3}, ни КонецФайла): он обрезан.",
        ["statement.nul-character"] = "знак NUL: внутри файла двоичные данные.",
        ["statement.mixed-encodings"] = "байты — не UTF-8, хотя начало файла в UTF-8: в файле смешаны кодировки.",
        ["statement.utf-16"] = "файл в кодировке UTF-16, а файлы обмена 1С с банком бывают в cp1251, cp866 или UTF-8.",
        ["statement.binary-nul"] = "файл двоичный, это не текстовая выписка (байт NUL на позиции {0}).",
        ["statement.binary-controls"] = "файл двоичный, это не текстовая выписка (управляющих байт в первых {1}: {0}).",
        ["statement.csv-header-unreadable"] = "заголовок CSV не читается: {0}",
        ["statement.csv-column-missing"] = "в заголовке CSV нет колонки {0}, названной в карте колонок (разделитель «{1}»; найденные колонки: {2}).",
        ["statement.csv-no-date"] = "в строке нет даты.",
        ["statement.csv-no-amount"] = "в строке нет суммы.",
        ["statement.csv-no-amount-in-columns"] = "в строке нет суммы ни в «{0}», ни в «{1}».",
        ["statement.csv-amounts-in-both"] = "в строке суммы и в «{0}», и в «{1}».",
        ["statement.csv-not-a-date"] = "«{0}» — не дата ({1}).",
        ["statement.csv-map-missing"] = "для выписки в CSV нужна карта колонок: задайте {0} (разделитель, кодировка, названия колонок).",
        ["statement.truncated"] = "файл обрывается на строке {0} без КонецФайла: он обрезан.",

        // 1C.
        ["reconciliation.period-backwards"] = "Конец периода {0:date} раньше начала {1:date}.",

        // Tickets.
        ["ticket.missing"] = "Тикета #{0} нет.",
        ["ticket.active-staff-missing"] = "Действующего сотрудника «{0}» нет.",
        ["ticket.assignee-missing"] = "Действующего сотрудника «{0}» нет: выберите из списка.",
        ["ticket.attachment-missing"] = "У тикета #{0} нет вложения {1}.",
        ["ticket.attachment-too-large"] = "{0}: {1} байт, больше допустимых {2}.",
        ["ticket.reply-empty"] = "Ответ пуст: напишите текст.",
        ["ticket.note-empty"] = "Заметка пуста: напишите текст.",
        ["ticket.internal-no-client"] = "Тикет #{0} внутренний: отвечать некому; добавьте заметку.",
        ["ticket.no-client-address"] = "У тикета #{0} нет адреса клиента для ответа.",
        ["ticket.priority-unknown"] = "«{0}» — не приоритет: низкий, средний или высокий.",
        ["ticket.already-closed"] = "Тикет #{0} уже закрыт.",
        ["ticket.status-not-settable"] = "Статус «{0}» так не ставится: открыт, в работе или отложен.",
        ["ticket.subject-missing"] = "У тикета должна быть тема.",
        ["ticket.status-unknown"] = "«{0}» — не статус тикета.",

        // Staff (the admin's staff page).
        ["staff.login-missing"] = "Укажите логин.",
        ["staff.login-has-spaces"] = "В логине не должно быть пробелов: «{0}».",
        ["staff.name-missing"] = "Укажите ФИО.",
        ["staff.not-an-email"] = "«{0}» — не адрес электронной почты.",
        ["staff.login-taken"] = "Логин «{0}» уже занят.",
        ["staff.email-taken"] = "Email {0} уже у другого сотрудника.",
        ["staff.own-admin-role"] = "Нельзя снять роль администратора с самого себя: это может сделать другой администратор.",
        ["staff.deactivate-self"] = "Нельзя отключить самого себя: это может сделать другой администратор.",
        ["staff.last-admin"] = "«{0}» — последний действующий администратор: без него сотрудниками некому будет управлять. Сначала дайте роль администратора другому сотруднику.",
        ["staff.unknown-role"] = "Неизвестная роль «{0}»: роль — одна из {1:roles}.",
        ["staff.passwords-differ"] = "Пароли не совпадают: введите один и тот же пароль дважды.",
        ["staff.password-too-short"] = "Пароль — не короче {0} символов.",
        ["staff.password-only-spaces"] = "Пароль не может состоять из одних пробелов.",

        // Reports.
        ["report.missing"] = "Отчёта «{0}» нет.",
        ["report.as-of-in-future"] = "Дата отчёта {0} позже сегодняшней ({1}): платежи после сегодня ещё не известны.",
        ["report.month-not-applicable"] = "У отчёта «{0}» нет месяца.",
        ["report.month-not-first-day"] = "Месяц задаётся первым днём месяца.",
        ["report.days-not-applicable"] = "У отчёта «{0}» нет числа дней.",
        ["report.days-out-of-range"] = "Дней — {0}: нужно от 1 до {1}.",
        ["report.manager-not-applicable"] = "Отчёт «{0}» не строится по менеджеру: в нём клиенты без менеджера.",
        ["report.manager-missing"] = "Менеджера «{0}» нет: выберите из списка.",
    };
}
