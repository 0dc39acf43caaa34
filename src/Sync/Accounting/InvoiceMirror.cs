using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;

namespace BackOffice.Sync.Accounting;

/// <summary>What one invoice's turn did in 1C.</summary>
public sealed record MirrorOutcome(string Action, MirroredInvoice? Mirrored, string? SalesAction = null);

/// <summary>
/// Makes 1C's buyer's invoice match the ledger's invoice (SPEC §2). State, not events: whatever happened to the invoice,
/// its current lines, total and status are written — created under the shared number after looking the number up (an
/// existing document is adopted, never doubled), edited by PATCH with the whole Товары section, cancelled by
/// DeletionMark. A paid invoice gets its sales document when CreateSalesDocuments is on; one no longer paid has it marked
/// for deletion.
/// </summary>
public sealed class InvoiceMirror(OneCClient client, AccountingOptions options, DocumentNumberFormat numbers, OneCDirectory directory)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public async Task<MirrorOutcome> SyncAsync(InvoiceSnapshot s, CancellationToken ct)
    {
        var h = s.Head;
        if (h.Number is not { } billingNumber || h.Status == "draft") return new MirrorOutcome("nothing", s.Mirrored);
        var number = NumberOf(billingNumber);
        var organisation = directory.OrganisationKey(h);
        var party = await directory.CounterpartyAsync(h, organisation, ct);
        var document = await DocumentAsync(s, number, organisation, party, ct);
        var hash = Hash(document);
        var year = h.IssueDate.Year;

        string action;
        Guid key;
        if (s.Mirrored is { } m)
        {
            key = m.RefKey;
            action = m.ContentHash == hash ? "unchanged" : "updated";
            // The whole document goes every time, Number included: 1C clears the number of a document moved to another
            // year or organisation unless it is sent again.
            if (action == "updated") await client.PatchAsync(client.Invoices, key, document, ct);
        }
        else if (await FindAsync(number, year, ct) is { } existing)
        {
            key = Adopt(existing, number, year, party, h.Total);
            await client.PatchAsync(client.Invoices, key, document, ct);
            action = "adopted";
        }
        else
        {
            try
            {
                var created = await client.CreateAsync(client.Invoices, document, ct);
                key = OData.Key(created, "Ref_Key") ?? throw new OneCException(OneCFailureKind.Unavailable, "1C created the invoice but sent no Ref_Key.");
                action = "created";
            }
            catch (OneCException e) when (e.Kind == OneCFailureKind.DuplicateNumber)
            {
                // Someone (or our own lost attempt) wrote the number in between: the same adoption rules apply.
                var existing2 = await FindAsync(number, year, ct)
                    ?? throw new MirrorRefused($"1C refuses {number} as a duplicate but shows no document with that number in {year}: check the number in 1C, then `backoffice sync retry {billingNumber}`.");
                key = Adopt(existing2, number, year, party, h.Total);
                await client.PatchAsync(client.Invoices, key, document, ct);
                action = "adopted";
            }
        }

        var mirrored = new MirroredInvoice
        {
            InvoiceId = h.Id, Number = number, Year = year, RefKey = key, ContractorKey = party.ContractorKey, Total = h.Total,
            Deleted = h.Status == "cancelled", ContentHash = hash, SalesRefKey = s.Mirrored?.SalesRefKey,
        };
        string? sales = null;
        if (h.Status == "paid")
        {
            if (options.CreateSalesDocuments && mirrored.SalesRefKey is null)
                (mirrored.SalesRefKey, sales) = await SalesAsync(s, key, organisation, party, ct);
        }
        else if (mirrored.SalesRefKey is { } salesKey)
        {
            // The sale was recorded because the invoice was paid; refunded, its payment reversed or cancelled, it no longer
            // is. Marked for deletion (never deleted: the accountants see it and may undo it), whatever CreateSalesDocuments
            // says now. If the invoice is paid again, the same document is found by its base and unmarked.
            await client.PatchAsync(client.Sales, salesKey, new JsonObject { ["DeletionMark"] = true }, ct);
            mirrored.SalesRefKey = null;
            sales = "marked for deletion";
        }
        return new MirrorOutcome(action, mirrored, sales);
    }

    public string NumberOf(long billingNumber) => numbers.TryFormat(billingNumber)
        ?? throw new MirrorRefused($"Billing number {billingNumber} does not fit {AccountingOptions.Section}:NumberPattern «{numbers.Pattern}»: " +
                                   $"it holds {numbers.Digits} digits, and 1C numbers are {DocumentNumberFormat.Length} characters. Use a shorter prefix with more #s.");

    async Task<JsonObject?> FindAsync(string number, int year, CancellationToken ct) =>
        (await client.QueryAsync(client.Invoices,
            $"Number eq {OData.Text(number)} and Date ge {OData.DateTime(new DateTime(year, 1, 1))} and Date lt {OData.DateTime(new DateTime(year + 1, 1, 1))}",
            ct, "Ref_Key,Number,Date,Контрагент_Key,СуммаДокумента,DeletionMark", 2)).FirstOrDefault();

    /// <summary>A document already carrying our number is ours only if its contractor and total agree.</summary>
    static Guid Adopt(JsonObject existing, string number, int year, Counterparty party, decimal total)
    {
        var key = OData.Key(existing, "Ref_Key")!.Value;
        var contractor = OData.Key(existing, "Контрагент_Key");
        var sum = OData.Decimal(existing, "СуммаДокумента");
        if (contractor == party.ContractorKey && sum == total) return key;
        throw new MirrorRefused(
            $"1C already has invoice {number} of {year} (Ref_Key {key}) on {(contractor == party.ContractorKey ? "the same contractor" : $"another contractor ({contractor})")} " +
            $"for {Money.Format(sum)}{(sum == total ? "" : $", not {Money.Format(total)}")}: it is not this invoice's document. Renumber or remove the other one in 1C, then `backoffice sync retry`.");
    }

    async Task<JsonObject> DocumentAsync(InvoiceSnapshot s, string number, Guid organisation, Counterparty party, CancellationToken ct)
    {
        var h = s.Head;
        var rows = new JsonArray();
        foreach (var row in AccountingRows.Of(s.Lines, h.VatRate))
        {
            rows.Add(new JsonObject
            {
                ["LineNumber"] = row.LineNumber.ToString(CultureInfo.InvariantCulture),
                ["Номенклатура_Key"] = (await directory.NomenclatureAsync(row.ProductId, s.Products, ct)).ToString(),
                ["Содержание"] = row.Description,
                ["Количество"] = row.Quantity,
                ["Цена"] = row.Price,
                ["СуммаСкидки"] = row.Discount,
                ["Сумма"] = row.Amount,
                ["СтавкаНДС"] = VatValue(h.VatRate),
                ["СуммаНДС"] = row.VatAmount,
            });
        }
        var document = new JsonObject
        {
            ["Number"] = number,
            ["Date"] = OData.Timestamp(DocumentDate(h)),
            ["Организация_Key"] = organisation.ToString(),
            ["Контрагент_Key"] = party.ContractorKey.ToString(),
            ["ДоговорКонтрагента_Key"] = party.ContractKey.ToString(),
            ["СуммаВключаетНДС"] = true,
            ["ДокументБезНДС"] = h.VatRate is null,
            ["СуммаДокумента"] = h.Total,
            ["Комментарий"] = $"BackOffice: счёт № {h.Number}",
            ["DeletionMark"] = h.Status == "cancelled",
            [options.Entities.InvoiceLines] = rows,
        };
        if (directory.BankAccountKey(h) is { } account) document["СтруктурнаяЕдиница_Key"] = account.ToString();
        return document;
    }

    string VatValue(decimal? rate)
    {
        if (rate is not { } r) return options.NoVat;
        var key = r.ToString("0.##", CultureInfo.InvariantCulture);
        return options.VatRates.TryGetValue(key, out var value) ? value
            : throw new MirrorRefused($"VAT {key}% has no 1C value: set {AccountingOptions.Section}:VatRates:{key} (e.g. НДС{key}).");
    }

    /// <summary>The issue date on Moscow's wall clock, at the moment of publishing when that was the same day (1C dates have no zone).</summary>
    static DateTime DocumentDate(InvoiceHead h)
    {
        var midnight = h.IssueDate.ToDateTime(TimeOnly.MinValue);
        if (h.PublishedAt is not { } at) return midnight;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), Moscow);
        return DateOnly.FromDateTime(local) == h.IssueDate ? new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second) : midnight;
    }

    async Task<(Guid?, string)> SalesAsync(InvoiceSnapshot s, Guid invoiceKey, Guid organisation, Counterparty party, CancellationToken ct)
    {
        // Looked up before creating, like the invoice: a create whose answer was lost, or a sale marked for deletion when
        // the invoice stopped being paid, is this invoice's document. One still in force is preferred.
        var found = (await client.QueryAsync(client.Sales, $"СчетНаОплатуПокупателю_Key eq {OData.Guid(invoiceKey)}",
            ct, "Ref_Key,Number,DeletionMark", 10)).OrderBy(d => OData.Bool(d, "DeletionMark")).FirstOrDefault();
        var h = s.Head;
        var rows = new JsonArray();
        foreach (var row in AccountingRows.Of(s.Lines, h.VatRate))
            rows.Add(new JsonObject
            {
                ["LineNumber"] = row.LineNumber.ToString(CultureInfo.InvariantCulture),
                ["Номенклатура_Key"] = (await directory.NomenclatureAsync(row.ProductId, s.Products, ct)).ToString(),
                ["Содержание"] = row.Description,
                ["Количество"] = row.Quantity,
                ["Цена"] = Money.Round(row.Amount / row.Quantity),
                ["Сумма"] = row.Amount,
                ["СтавкаНДС"] = VatValue(h.VatRate),
                ["СуммаНДС"] = row.VatAmount,
                ["СчетНаОплатуПокупателю_Key"] = invoiceKey.ToString(),
            });
        var document = new JsonObject
        {
            ["Date"] = OData.Timestamp((h.PaidDate ?? h.IssueDate).ToDateTime(new TimeOnly(12, 0))),
            ["ВидОперации"] = "Услуги",
            ["Организация_Key"] = organisation.ToString(),
            ["Контрагент_Key"] = party.ContractorKey.ToString(),
            ["ДоговорКонтрагента_Key"] = party.ContractKey.ToString(),
            ["СчетНаОплатуПокупателю_Key"] = invoiceKey.ToString(),
            ["СуммаВключаетНДС"] = true,
            ["ДокументБезНДС"] = h.VatRate is null,
            ["СуммаДокумента"] = h.Total,
            ["Комментарий"] = $"BackOffice: оплата счёта № {h.Number}",
            [options.Entities.SalesLines] = rows,
        };
        if (OData.Key(found, "Ref_Key") is { } existing)
        {
            if (OData.Bool(found, "DeletionMark"))
            {
                document["DeletionMark"] = false;
                await client.PatchAsync(client.Sales, existing, document, ct);
            }
            return (existing, "adopted");
        }
        var created = await client.CreateAsync(client.Sales, document, ct);
        return (OData.Key(created, "Ref_Key"), "created");
    }

    static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
}
