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
        var options = CliOutput.JsonOptions;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = options.Encoder });
        var reading = new Reading();
        json.WriteStartObject();
        foreach (var item in StatementParser.ReadFile(path))
        {
            switch (reading.Take(item))
            {
                case StatementHeader header:
                    json.WritePropertyName("header");
                    JsonSerializer.Serialize(json, StatementReportHeader.From(header), options);
                    json.WriteStartArray("documents");
                    break;
                case BankDocument document:
                    WriteDocument(json, DocumentReport.From(document, reading.Own));
                    if (reading.Documents % FlushEvery == 0)
                        json.Flush();
                    break;
            }
        }

        json.WriteEndArray();
        json.WriteNumber("documentCount", reading.Documents);
        json.WritePropertyName("balances");
        JsonSerializer.Serialize(json, reading.Balances(), options);
        json.WritePropertyName("warnings");
        JsonSerializer.Serialize(json, reading.Header!.Warnings, options);
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
        stream.Flush();
        return reading.Documents;
    }

    /// <summary>
    /// A <see cref="DocumentReport"/> as the serializer would write it (camelCase; the verb's test compares the two),
    /// written by hand: the reflection serializer per document was most of the --json form's time.
    /// </summary>
    static void WriteDocument(Utf8JsonWriter json, DocumentReport d)
    {
        json.WriteStartObject();
        json.WriteNumber("line", d.Line);
        json.WriteString("kind", d.Kind);
        json.WriteString("number", d.Number);
        json.WriteString("date", d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("amount", d.Amount);
        json.WriteString("direction", DirectionNames[(int)d.Direction]);
        json.WriteString("executionDate", d.ExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteParty(json, "payer", d.Payer);
        WriteParty(json, "recipient", d.Recipient);
        json.WriteString("purpose", d.Purpose);
        json.WriteStartArray("invoiceNumbers");
        foreach (var n in d.InvoiceNumbers)
            json.WriteStringValue(n);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static readonly string[] DirectionNames = Enum.GetNames<Direction>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();

    static void WriteParty(Utf8JsonWriter json, string name, PartyReport p)
    {
        json.WriteStartObject(name);
        json.WriteString("name", p.Name);
        json.WriteString("inn", p.Inn);
        json.WriteString("kpp", p.Kpp);
        json.WriteString("account", p.Account);
        json.WriteString("bic", p.Bic);
        json.WriteString("bankName", p.BankName);
        json.WriteEndObject();
    }

    static int PrintTable(string path, TextWriter output)
    {
        var reading = new Reading();
        foreach (var item in StatementParser.ReadFile(path))
        {
            switch (reading.Take(item))
            {
                case StatementHeader h:
                    output.WriteLine($"Format {h.FormatVersion}, encoding {h.DetectedEncoding} (declared {h.DeclaredEncoding ?? "—"}), " +
                        $"from {h.Sender ?? "—"}, {CliOutput.Date(h.PeriodFrom)}–{CliOutput.Date(h.PeriodTo)}, accounts {string.Join(", ", h.Accounts)}");
                    output.WriteLine($"{"Line",-7} {"№",-10} {"Date",-10} {"Amount",18}  {"Direction",-12} Payer → Recipient; purpose");
                    break;
                case BankDocument d:
                    var direction = d.DirectionFor(reading.Own);
                    output.WriteLine($"{d.LineNumber,-7} {d.Number,-10} {d.Date:dd.MM.yyyy} {CliOutput.Money(d.Amount),18}  {direction,-12} {Party(d.Payer)}");
                    output.Write(Indent);
                    output.Write("→ ");
                    output.WriteLine(Party(d.Recipient));
                    output.Write(Indent);
                    output.WriteLine(d.Purpose);
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

    static readonly string Indent = new(' ', 61);

    static string Party(Party p) => $"{p.Name} ИНН {p.Inn} КПП {p.Kpp} {p.Account} БИК {p.Bic}";

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
