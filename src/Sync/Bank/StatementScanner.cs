namespace BackOffice.Sync.Bank;

/// <summary>The line-by-line state machine behind <see cref="StatementParser"/>.</summary>
internal sealed class StatementScanner(TextReader reader, string encodingName)
{
    private readonly StatementSection section = new();
    private readonly bool isUtf8 = encodingName == "utf-8";
    private int lineNumber;
    private StatementSection? open;
    private bool continuationAllowed;

    public IEnumerable<StatementItem> Items()
    {
        var header = ReadStartTag();
        var headerGiven = false;
        while (NextLine() is { } raw)
        {
            var text = raw.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (continuationAllowed && IsContinuation(text))
            {
                open!.Continue(text.ToString());
                continue;
            }

            continuationAllowed = false;
            var equals = text.IndexOf('=');
            var key = StatementKeys.Canonicalize(equals < 0 ? text : text[..equals].TrimEnd());
            var value = equals < 0 ? null : text[(equals + 1)..].TrimStart().ToString();
            switch (key)
            {
                case StatementKeys.BalanceStart:
                case StatementKeys.DocumentStart:
                    Open(key, value);
                    if (!headerGiven)
                    {
                        headerGiven = true;
                        yield return header;
                    }

                    break;
                case StatementKeys.BalanceEnd:
                case StatementKeys.DocumentEnd:
                    if (Close(key) is { } item)
                    {
                        yield return item;
                    }

                    break;
                case StatementKeys.EndOfFile:
                    RefuseOpenSection(key);
                    if (!headerGiven)
                    {
                        yield return header;
                    }

                    yield break;
                case StatementKeys.StartOfFile:
                    throw new StatementRejected("a second 1CClientBankExchange start line before КонецФайла: two files glued together, the first one cut short?", lineNumber, key);
                default:
                    Accept(header, key, value, text);
                    break;
            }
        }

        throw Truncated();
    }

    private StatementHeader ReadStartTag()
    {
        string? first;
        do
        {
            first = NextLine();
        }
        while (first is not null && string.IsNullOrWhiteSpace(first));

        if (first is null)
        {
            throw new StatementRejected(StatementRejected.Empty, "the file is empty (no lines)");
        }

        if (!first.AsSpan().Trim().Equals(StatementKeys.StartOfFile, StringComparison.OrdinalIgnoreCase))
        {
            throw new StatementRejected(StatementRejected.NotOneCFile,
                $"the file does not start with 1CClientBankExchange (found '{Shorten(first)}'): not a 1C bank exchange file, or its header is missing",
                lineNumber);
        }

        return new StatementHeader { LineNumber = lineNumber, DetectedEncoding = encodingName };
    }

    private void Open(string marker, string? kind)
    {
        RefuseOpenSection(marker);
        if (marker == StatementKeys.DocumentStart && string.IsNullOrWhiteSpace(kind))
        {
            throw new StatementRejected(
                "the document has no kind (expected СекцияДокумент=<kind>, e.g. СекцияДокумент=Платежное поручение)", lineNumber, marker);
        }

        open = section.Start(marker, kind, lineNumber);
    }

    private StatementItem? Close(string endMarker)
    {
        var expected = endMarker == StatementKeys.DocumentEnd ? StatementKeys.DocumentStart : StatementKeys.BalanceStart;
        if (open is null)
        {
            // 1C itself tolerates a repeated end tag (the OCA sample has КонецДокумента twice).
            return null;
        }

        if (open.Marker != expected)
        {
            throw new StatementRejected($"{endMarker} closes nothing: the open section is {open.Marker} from line {open.StartLine}", lineNumber, endMarker);
        }

        var closing = open;
        open = null;
        return closing.IsDocument ? closing.ToDocument() : closing.ToBalance();
    }

    private void Accept(StatementHeader header, string key, string? value, ReadOnlySpan<char> text)
    {
        if (value is null)
        {
            // Between sections a stray line carries no money (1C loads such files); inside a document it might.
            if (open is null)
            {
                header.WarningList.Add($"line {lineNumber}: '{Shorten(text.ToString())}' is neither key=value nor a section marker; skipped");
                return;
            }

            throw new StatementRejected(StatementRejected.NotKeyValue, $"'{Shorten(text.ToString())}' is neither key=value nor a section marker", lineNumber);
        }

        if (open is null)
        {
            StatementHeaderFields.Apply(header, key, value, lineNumber);
            return;
        }

        open.Add(key, value, lineNumber);
        continuationAllowed = open.IsDocument && StatementKeys.AllowsContinuation(key);
    }

    /// <summary>After a multi-line key, a line that is not a section marker or a known key goes on with its value.</summary>
    private static bool IsContinuation(ReadOnlySpan<char> text)
    {
        var equals = text.IndexOf('=');
        var key = StatementKeys.Canonicalize(equals < 0 ? text : text[..equals].TrimEnd());
        return !StatementKeys.IsKnown(key);
    }

    private void RefuseOpenSection(string reached)
    {
        if (open is not null)
        {
            var end = open.IsDocument ? StatementKeys.DocumentEnd : StatementKeys.BalanceEnd;
            throw new StatementRejected(
                $"section {open.Marker} opened at line {open.StartLine} is left open: {reached} comes before its {end}", lineNumber, reached);
        }
    }

    private StatementRejected Truncated()
    {
        if (open is not null)
        {
            var end = open.IsDocument ? StatementKeys.DocumentEnd : StatementKeys.BalanceEnd;
            return new StatementRejected(
                $"the file ends at line {lineNumber} inside section {open.Marker} opened at line {open.StartLine} (no {end}, no КонецФайла): truncated file",
                open.StartLine,
                open.Marker);
        }

        return new StatementRejected(StatementRejected.Truncated, $"the file ends at line {lineNumber} without КонецФайла: truncated file", lineNumber, StatementKeys.EndOfFile);
    }

    private string? NextLine()
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        lineNumber++;
        // One vectorised scan for both refusals; the line is looked at again only when one of them is there.
        if (line.AsSpan().IndexOfAny('\0', '\uFFFD') < 0)
        {
            return line;
        }

        if (line.Contains('\0'))
        {
            throw new StatementRejected("NUL character: binary data inside the file", lineNumber);
        }

        if (isUtf8 && line.Contains('\uFFFD'))
        {
            throw new StatementRejected(
                $"the bytes are not valid utf-8 although the start of the file is: the file mixes encodings", lineNumber);
        }

        return line;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text.Trim() : text[..60].Trim() + "…";
}
