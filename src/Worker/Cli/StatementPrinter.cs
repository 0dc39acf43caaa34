using System.Globalization;
using System.Text;
using System.Text.Json;
using BackOffice.Sync.Bank;

namespace BackOffice.Worker.Cli;

/// <summary>
/// `bank parse`, streamed end to end: each document is written as it is read and the balance check is kept as running
/// totals, so memory stays flat whatever the file's size. A statement's own accounts (header, then balance sections
/// as they come, which 1C writes before the documents) decide each document's direction.
/// </summary>
static class StatementPrinter
{
    const int FlushEvery = 256;

    /// <returns>The number of documents written.</returns>
    public static int Print(string path, TextWriter output, bool json)
    {
        var stdout = output == Console.Out;
        if (json)
        {
            // Straight to the process's standard output when that is where we print: Console.Out flushes on every write.
            using var stream = stdout ? Console.OpenStandardOutput() : new TextWriterStream(output);
            return PrintJson(path, stream);
        }

        if (!stdout)
            return PrintTable(path, output);
        using var buffered = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024);
        return PrintTable(path, buffered);
    }

    static int PrintJson(string path, Stream stream)
    {
        // Validation off: the shape is fixed here, and checking every token was measurable per document. The encoder is
        // CliOutput.JsonOptions' (Cyrillic as it is), named here so that the serializer's options are never built.
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true,
        });
        var reading = new Reading();
        var escaped = new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        json.WriteStartObject();
        foreach (var item in StatementParser.ReadFile(path, withFields: false))
        {
            switch (reading.Take(item))
            {
                case StatementHeader header:
                    WriteHeader(json, StatementReportHeader.From(header));
                    json.WriteStartArray("documents");
                    break;
                case BankDocument document:
                    WriteDocument(json, document, reading.Own, escaped);
                    if (reading.Documents % FlushEvery == 0)
                        json.Flush();
                    break;
            }
        }

        json.WriteEndArray();
        json.WriteNumber("documentCount", reading.Documents);
        WriteBalances(json, reading.Balances());
        json.WriteStartArray("warnings");
        foreach (var w in reading.Header!.Warnings)
            json.WriteStringValue(w);
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
        stream.Flush();
        return reading.Documents;
    }

    /// <summary>
    /// A <see cref="DocumentReport"/> as the serializer would write it (camelCase; the verb's test compares the two),
    /// written by hand straight from the document: the reflection serializer, and the report records, per document
    /// were most of the --json form's time.
    /// </summary>
    static void WriteDocument(Utf8JsonWriter json, BankDocument d, IReadOnlySet<string> own, Dictionary<string, JsonEncodedText> escaped)
    {
        var direction = d.DirectionFor(own);
        Span<char> date = stackalloc char[10];
        json.WriteStartObject();
        json.WriteNumber(Names.Line, d.LineNumber);
        json.WriteString(Names.Kind, d.Kind);
        json.WriteString(Names.Number, d.Number);
        json.WriteString(Names.Date, IsoDate(d.Date, date));
        json.WriteNumber(Names.Amount, d.Amount);
        json.WriteString(Names.Direction, DirectionNames[(int)direction]);
        json.WriteString(Names.ExecutionDate, IsoDate(d.ExecutionDateFor(direction), date));
        WriteParty(json, Names.Payer, d.Payer, escaped);
        WriteParty(json, Names.Recipient, d.Recipient, escaped);
        json.WriteString(Names.Purpose, d.Purpose);
        json.WriteStartArray(Names.InvoiceNumbers);
        foreach (var n in InvoiceNumberExtractor.Extract(d.Purpose))
            json.WriteStringValue(n);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // The header and the balance checks by hand too: the first use of the reflection serializer was a fifth of a small
    // file's whole process (bench/BankParse). The names and forms are the serializer's (the golden outputs compare them).
    static void WriteHeader(Utf8JsonWriter json, StatementReportHeader h)
    {
        json.WriteStartObject("header");
        json.WriteString("formatVersion", h.FormatVersion);
        json.WriteString("detectedEncoding", h.DetectedEncoding);
        json.WriteString("declaredEncoding", h.DeclaredEncoding);
        json.WriteString("sender", h.Sender);
        json.WriteString("receiver", h.Receiver);
        WriteDate(json, "createdOn", h.CreatedOn);
        json.WriteString("createdAt", h.CreatedAt);
        WriteDate(json, "periodFrom", h.PeriodFrom);
        WriteDate(json, "periodTo", h.PeriodTo);
        json.WriteStartArray("accounts");
        foreach (var a in h.Accounts)
            json.WriteStringValue(a);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void WriteBalances(Utf8JsonWriter json, IReadOnlyList<BalanceReport> balances)
    {
        json.WriteStartArray("balances");
        foreach (var b in balances)
        {
            json.WriteStartObject();
            json.WriteNumber("line", b.Line);
            json.WriteString("account", b.Account);
            WriteDate(json, "dateFrom", b.DateFrom);
            WriteDate(json, "dateTo", b.DateTo);
            WriteMoney(json, "openingBalance", b.OpeningBalance);
            WriteMoney(json, "closingBalance", b.ClosingBalance);
            WriteMoney(json, "expectedIn", b.ExpectedIn);
            json.WriteNumber("computedIn", b.ComputedIn);
            WriteMoney(json, "differenceIn", b.DifferenceIn);
            json.WriteNumber("documentsIn", b.DocumentsIn);
            WriteMoney(json, "expectedOut", b.ExpectedOut);
            json.WriteNumber("computedOut", b.ComputedOut);
            WriteMoney(json, "differenceOut", b.DifferenceOut);
            json.WriteNumber("documentsOut", b.DocumentsOut);
            WriteMoney(json, "closingDifference", b.ClosingDifference);
            json.WriteBoolean("agrees", b.Agrees);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    static void WriteDate(Utf8JsonWriter json, string name, DateOnly? date)
    {
        Span<char> buffer = stackalloc char[10];
        if (date is { } d) json.WriteString(name, IsoDate(d, buffer));
        else json.WriteNull(name);
    }

    static void WriteMoney(Utf8JsonWriter json, string name, decimal? amount)
    {
        if (amount is { } a) json.WriteNumber(name, a);
        else json.WriteNull(name);
    }

    /// <summary>"yyyy-MM-dd", digit by digit: the framework's custom-format path was measurable at two dates per document.</summary>
    static ReadOnlySpan<char> IsoDate(DateOnly date, Span<char> buffer)
    {
        Digits(buffer[..4], date.Year);
        buffer[4] = '-';
        Digits(buffer.Slice(5, 2), date.Month);
        buffer[7] = '-';
        Digits(buffer.Slice(8, 2), date.Day);
        return buffer[..10];
    }

    /// <summary>"dd.MM.yyyy", digit by digit (see <see cref="IsoDate"/>).</summary>
    static void RussianDate(DateOnly date, Span<char> buffer)
    {
        Digits(buffer[..2], date.Day);
        buffer[2] = '.';
        Digits(buffer.Slice(3, 2), date.Month);
        buffer[5] = '.';
        Digits(buffer.Slice(6, 4), date.Year);
    }

    /// <summary>A non-negative number in exactly the buffer's width, zero-padded (a year has 1 to 4 digits).</summary>
    static void Digits(Span<char> buffer, int value)
    {
        for (var i = buffer.Length - 1; i >= 0; i--)
        {
            buffer[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    static readonly JsonEncodedText[] DirectionNames = [.. Enum.GetNames<Direction>().Select(n => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(n)))];

    static void WriteParty(Utf8JsonWriter json, JsonEncodedText name, Party p, Dictionary<string, JsonEncodedText> escaped)
    {
        json.WriteStartObject(name);
        WriteQuoted(json, Names.Name, p.Name, escaped);
        json.WriteString(Names.Inn, p.Inn);
        json.WriteString(Names.Kpp, p.Kpp);
        json.WriteString(Names.Account, p.Account);
        json.WriteString(Names.Bic, p.Bic);
        WriteQuoted(json, Names.BankName, p.BankName, escaped);
        json.WriteEndObject();
    }

    /// <summary>
    /// A name or a bank's name: those with quotes in them (ООО "Ромашка", АО "ТБАНК") take the writer's slow escaping
    /// path, and the same few come back in document after document, so each is escaped once and its bytes reused.
    /// </summary>
    static void WriteQuoted(Utf8JsonWriter json, JsonEncodedText name, string? value, Dictionary<string, JsonEncodedText> escaped)
    {
        if (value is null || !value.Contains('"'))
        {
            json.WriteString(name, value);
            return;
        }

        if (!escaped.TryGetValue(value, out var encoded))
        {
            if (escaped.Count >= 4096)
                escaped.Clear(); // a statement with ever new names: memory stays bounded
            encoded = JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            escaped.Add(value, encoded);
        }

        json.WriteString(name, encoded);
    }

    /// <summary>Property names encoded once, not per document.</summary>
    static class Names
    {
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText Number = JsonEncodedText.Encode("number");
        public static readonly JsonEncodedText Date = JsonEncodedText.Encode("date");
        public static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
        public static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
        public static readonly JsonEncodedText ExecutionDate = JsonEncodedText.Encode("executionDate");
        public static readonly JsonEncodedText Payer = JsonEncodedText.Encode("payer");
        public static readonly JsonEncodedText Recipient = JsonEncodedText.Encode("recipient");
        public static readonly JsonEncodedText Purpose = JsonEncodedText.Encode("purpose");
        public static readonly JsonEncodedText InvoiceNumbers = JsonEncodedText.Encode("invoiceNumbers");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Inn = JsonEncodedText.Encode("inn");
        public static readonly JsonEncodedText Kpp = JsonEncodedText.Encode("kpp");
        public static readonly JsonEncodedText Account = JsonEncodedText.Encode("account");
        public static readonly JsonEncodedText Bic = JsonEncodedText.Encode("bic");
        public static readonly JsonEncodedText BankName = JsonEncodedText.Encode("bankName");
    }

    static int PrintTable(string path, TextWriter output)
    {
        var reading = new Reading();
        var row = new RowBuffer(output.NewLine);
        foreach (var item in StatementParser.ReadFile(path, withFields: false))
        {
            switch (reading.Take(item))
            {
                case StatementHeader h:
                    output.WriteLine($"Format {h.FormatVersion}, encoding {h.DetectedEncoding} (declared {h.DeclaredEncoding ?? "—"}), " +
                        $"from {h.Sender ?? "—"}, {CliOutput.Date(h.PeriodFrom)}–{CliOutput.Date(h.PeriodTo)}, accounts {string.Join(", ", h.Accounts)}");
                    output.WriteLine($"{"Line",-7} {"№",-10} {"Date",-10} {"Amount",18}  {"Direction",-12} Payer → Recipient; purpose");
                    break;
                case BankDocument d:
                    row.Document(d, d.DirectionFor(reading.Own));
                    row.WriteTo(output);
                    if (reading.Documents % FlushEvery == 0)
                        output.Flush();
                    break;
            }
        }

        foreach (var b in reading.Balances())
            output.WriteLine($"Account {b.Account}: in {Amount(b.ComputedIn)} (statement {Amount(b.ExpectedIn)}), " +
                $"out {Amount(b.ComputedOut)} (statement {Amount(b.ExpectedOut)}) — {(b.Agrees ? "agrees" : "DIFFERS")}");
        foreach (var w in reading.Header!.Warnings)
            output.WriteLine($"warning: {w}");
        output.WriteLine($"{reading.Documents.ToString(CultureInfo.InvariantCulture)} document(s)");
        output.Flush();
        return reading.Documents;
    }

    /// <summary>
    /// A document's three table lines, formatted into one buffer reused for every document (no string per field):
    /// "{line,-7} {number,-10} {date:dd.MM.yyyy} {money,18}  {direction,-12} {payer}", "{indent}→ {recipient}", "{indent}{purpose}".
    /// </summary>
    sealed class RowBuffer(string newLine)
    {
        static readonly string[] DirectionText = Enum.GetNames<Direction>();
        char[] chars = new char[1024];
        int length;

        public void Document(BankDocument d, Direction direction)
        {
            length = 0;
            var start = length;
            Ensure(64);
            d.LineNumber.TryFormat(chars.AsSpan(length), out var n, default, CultureInfo.InvariantCulture);
            length += n;
            PadTo(start + 7);
            Append(' ');
            start = length;
            Append(d.Number);
            PadTo(start + 10);
            Append(' ');
            Ensure(64);
            RussianDate(d.Date, chars.AsSpan(length, 10));
            length += 10;
            Append(' ');
            Span<char> money = stackalloc char[64];
            BackOffice.Ledger.Text.BusinessText.TryFormatMoney(d.Amount, money, out n);
            for (var i = n; i < 18; i++)
                Append(' ');
            Append(money[..n]);
            Append("  ");
            start = length;
            Append(DirectionText[(int)direction]);
            PadTo(start + 12);
            Append(' ');
            Party(d.Payer);
            Append(newLine);
            Append(Indent);
            Append("→ ");
            Party(d.Recipient);
            Append(newLine);
            Append(Indent);
            Append(d.Purpose);
            Append(newLine);
        }

        public void WriteTo(TextWriter output) => output.Write(chars, 0, length);

        /// <summary>"{Name} ИНН {Inn} КПП {Kpp} {Account} БИК {Bic}", a missing part printed empty.</summary>
        void Party(Party p)
        {
            Append(p.Name);
            Append(" ИНН ");
            Append(p.Inn);
            Append(" КПП ");
            Append(p.Kpp);
            Append(' ');
            Append(p.Account);
            Append(" БИК ");
            Append(p.Bic);
        }

        void PadTo(int column)
        {
            while (length < column)
                Append(' ');
        }

        void Append(char c)
        {
            Ensure(1);
            chars[length++] = c;
        }

        void Append(ReadOnlySpan<char> text)
        {
            Ensure(text.Length);
            text.CopyTo(chars.AsSpan(length));
            length += text.Length;
        }

        void Ensure(int more)
        {
            if (length + more > chars.Length)
                Array.Resize(ref chars, Math.Max(chars.Length * 2, length + more));
        }
    }

    static readonly string Indent = new(' ', 61);

    static string Amount(decimal? amount) => amount is { } a ? CliOutput.Money(a) : "—";

    /// <summary>What a pass over the statement keeps: its header, its own accounts, running balance totals and a count.</summary>
    sealed class Reading
    {
        readonly HashSet<string> own = new(StringComparer.Ordinal);
        BalanceTally? tally;

        public StatementHeader? Header { get; private set; }
        public IReadOnlySet<string> Own => own;
        public int Documents { get; private set; }

        public StatementItem Take(StatementItem item)
        {
            switch (item)
            {
                case StatementHeader header:
                    Header = header;
                    tally = new BalanceTally(header);
                    own.UnionWith(header.Accounts);
                    break;
                case BalanceSection section:
                    tally!.Add(section);
                    if (section.Account is not null)
                        own.Add(section.Account);
                    break;
                case BankDocument document:
                    tally!.Add(document);
                    Documents++;
                    break;
            }

            return item;
        }

        public IReadOnlyList<BalanceReport> Balances() => tally!.Results().Select(BalanceReport.From).ToList();
    }

    /// <summary>Bytes written to a TextWriter (a test's StringWriter), decoded as UTF-8 as they come.</summary>
    sealed class TextWriterStream(TextWriter output) : Stream
    {
        readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
        char[] chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = decoder.GetCharCount(buffer, flush: false);
            if (needed > chars.Length)
                chars = new char[needed];
            var n = decoder.GetChars(buffer, chars, flush: false);
            output.Write(chars, 0, n);
        }

        public override void Flush() => output.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
