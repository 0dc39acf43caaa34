using System.Collections;
using System.Globalization;
using System.Text;
using QRCoder;

namespace BackOffice.Ledger.Documents;

/// <summary>
/// The payment code of ГОСТ Р 56042-2014 («ST00012|Name=…|…|Sum=<kopecks>|Purpose=…»), UTF-8 (the 2 after ST0001).
/// We build the text ourselves instead of QRCoder's RussiaPaymentOrder: that one switches the separator when a value holds
/// '|' but still joins optional fields with '|', writes TechCode as an enum name and cuts Purpose at 160 (the standard
/// allows 210). The standard has no escape: a value with '|' (the separator) or '=' (splits key from value in the
/// banks' parsers) is refused, naming the field, rather than altered behind the payer's back.
/// </summary>
public static class PaymentQr
{
    public const string Header = "ST00012";
    /// <summary>Sum is at most 18 digits (kopecks).</summary>
    public const decimal MaxSum = 9_999_999_999_999_999.99m;
    /// <summary>The mandatory block (header, Name … CorrespAcc) may not pass 300 bytes (§ 5.2 of the standard).</summary>
    public const int MandatoryBlockBytes = 300;

    public static readonly RefusalCode MandatoryBlockTooLong = new("qr.mandatory-block-too-long");
    public static readonly RefusalCode FieldEmpty = new("qr.field-empty");
    public static readonly RefusalCode FieldReservedCharacter = new("qr.field-reserved-character");
    public static readonly RefusalCode FieldTooLong = new("qr.field-too-long");

    public static string Payload(InvoiceDocument d)
    {
        var corr = string.IsNullOrEmpty(d.Bank.CorrAccount) ? "0" : d.Bank.CorrAccount;
        var mandatory = new (string Key, string Value, string What, int Max)[]
        {
            ("Name", d.Seller.Name, "the organisation's full name", 160),
            ("PersonalAcc", d.Bank.Account, "the settlement account", 20),
            ("BankName", d.Bank.BankName, "the bank's name", 45),
            ("BIC", d.Bank.Bic, "the БИК", 9),
            ("CorrespAcc", corr, "the correspondent account", 20),
        };
        var optional = new List<(string Key, string Value, string What, int Max)>
        {
            ("PayeeINN", d.Seller.Inn ?? "", "the organisation's ИНН", 12),
        };
        if (!string.IsNullOrEmpty(d.Seller.Kpp)) optional.Add(("KPP", d.Seller.Kpp, "the organisation's КПП", 9));
        optional.Add(("Sum", Kopecks(d.ToPay), "the amount", 18));
        optional.Add(("Purpose", Purpose(d), "the payment purpose", 210));

        var text = new StringBuilder(Header);
        foreach (var (key, value, what, max) in mandatory.Concat(optional))
        {
            Check(key, value, what, max);
            text.Append('|').Append(key).Append('=').Append(value);
            if (key == "CorrespAcc" && Encoding.UTF8.GetByteCount(text.ToString()) > MandatoryBlockBytes)
                throw new InvalidInput(MandatoryBlockTooLong, "qr", $"The payment QR's required block is {Encoding.UTF8.GetByteCount(text.ToString())} bytes; ГОСТ Р 56042-2014 allows {MandatoryBlockBytes}: shorten the organisation's or the bank's name.");
        }
        return text.ToString();
    }

    /// <summary>«Оплата по счету № 72815 от 09.02.2019. Без налога (НДС)»: the number and date the bank matcher reads back first.</summary>
    public static string Purpose(InvoiceDocument d) =>
        $"{PurposePrefix} {d.Number} от {d.IssueDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}. " +
        (d.VatRate is { } rate
            ? $"В т.ч. НДС {rate.ToString("0.##", CultureInfo.InvariantCulture)}% {Billing.Money.Format(d.VatAmount)} руб."
            : "Без налога (НДС)");

    public const string PurposePrefix = "Оплата по счету №";

    public static string Kopecks(decimal amount)
    {
        var rounded = Billing.Money.Round(amount);
        if (rounded <= 0)
            throw new InvalidInput("qr", $"A payment QR needs an amount to pay above zero, not {Billing.Money.Format(rounded)}.");
        if (rounded > MaxSum)
            throw new InvalidInput("qr", $"The amount {Billing.Money.Format(rounded)} is above what the payment QR can carry (Sum is at most 18 digits of kopecks).");
        return (rounded * 100).ToString("0", CultureInfo.InvariantCulture);
    }

    static void Check(string key, string value, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidInput(FieldEmpty, "qr", $"The payment QR needs {key} ({what}), and it is empty.");
        if (value.IndexOfAny(['|', '=']) is var at and >= 0)
            throw new InvalidInput(FieldReservedCharacter, "qr", $"The payment QR's {key} ({what}) contains '{value[at]}', which ГОСТ Р 56042-2014 reserves (fields are 'Key=Value' joined by '|'): «{value}».");
        if (value.Length > max)
            throw new InvalidInput(FieldTooLong, "qr", $"The payment QR's {key} ({what}) is {value.Length} characters; ГОСТ Р 56042-2014 allows {max}: «{value}».");
    }

    /// <summary>The dark modules, quiet zone included (QRCoder's matrix), at error correction level M.</summary>
    public static IReadOnlyList<BitArray> Matrix(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Encoding.UTF8.GetBytes(payload), QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(row => new BitArray(row)).ToList();
    }
}
