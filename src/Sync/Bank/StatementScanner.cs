namespace BackOffice.Sync.Bank;

/// <summary>The line-by-line state machine behind <see cref="StatementParser"/>.</summary>
internal sealed class StatementScanner(TextReader reader, string encodingName, bool keepAllFields)
{
    private readonly StatementSection section = new(keepAllFields);
    private readonly bool isUtf8 = encodingName == "utf-8";
    private int lineNumber;
    private StatementSection? open;
    private bool continuationAllowed;
    private bool headerGiven;
    private bool finished;
    private string lastKind = "";

    // The decoded text not yet cut into lines is chars[unread..filled); the current line is chars[lineStart..+lineLength).
    private char[] chars = new char[32 * 1024];
    private int unread;
    private int filled;
    private int lineStart;
    private int lineLength;
    private bool endOfInput;

    private ReadOnlySpan<char> Line => chars.AsSpan(lineStart, lineLength);

    public IEnumerable<StatementItem> Items()
    {
        var header = ReadStartTag();
        while (Next(header) is { } item)
        {
            yield return item;
        }
    }

    /// <summary>
    /// Reads lines until there is something to hand out: the header (when the first section opens, or at the end of a
    /// file without sections), a closed section; null once <c>КонецФайла</c> is passed. Lines are looked at in place in
    /// the read buffer, outside the iterator, so no line becomes a string unless a value is kept.
    /// </summary>
    private StatementItem? Next(StatementHeader header)
    {
        if (finished)
        {
            return null;
        }

        while (NextLine())
        {
            var text = TrimSpaces(Line);
            if (text.IsEmpty)
            {
                continue;
            }

            var equals = text.IndexOf('=');
            var key = StatementKeys.Describe(equals < 0 ? text : TrimSpaces(text[..equals]));

            // After a multi-line key, a line that is not a section marker or a known key goes on with its value.
            if (continuationAllowed && !key.IsKnown)
            {
                open!.Continue(text);
                continue;
            }

            continuationAllowed = false;
            var value = equals < 0 ? default : TrimSpaces(text[(equals + 1)..]);
            switch (key.Marker)
            {
                case StatementKeys.MarkerKind.BalanceStart:
                case StatementKeys.MarkerKind.DocumentStart:
                    Open(key.Name, equals < 0 ? null : KindOf(value));
                    if (!headerGiven)
                    {
                        headerGiven = true;
                        return header;
                    }

                    break;
                case StatementKeys.MarkerKind.BalanceEnd:
                case StatementKeys.MarkerKind.DocumentEnd:
                    if (Close(key.Name) is { } item)
                    {
                        return item;
                    }

                    break;
                case StatementKeys.MarkerKind.EndOfFile:
                    RefuseOpenSection(key.Name);
                    finished = true;
                    if (!headerGiven)
                    {
                        headerGiven = true;
                        return header;
                    }

                    return null;
                case StatementKeys.MarkerKind.StartOfFile:
                    throw new StatementRejected(StatementRejected.SecondStart, $"a second 1CClientBankExchange start line before КонецФайла: two files glued together, the first one cut short?", lineNumber, key.Name);
                default:
                    Accept(header, key, equals >= 0, value, text);
                    break;
            }
        }

        throw Truncated();
    }

    /// <summary>Every document of a file usually has one of two or three kinds: the last one's string is reused.</summary>
    private string KindOf(ReadOnlySpan<char> written)
    {
        if (!written.SequenceEqual(lastKind))
        {
            lastKind = written.ToString();
        }

        return lastKind;
    }

    private StatementHeader ReadStartTag()
    {
        bool found;
        do
        {
            found = NextLine();
        }
        while (found && Line.IsWhiteSpace());

        if (!found)
        {
            throw new StatementRejected(StatementRejected.Empty, "the file is empty (no lines)");
        }

        if (!Line.Trim().Equals(StatementKeys.StartOfFile, StringComparison.OrdinalIgnoreCase))
        {
            throw new StatementRejected(StatementRejected.NotOneCFile,
                $"the file does not start with 1CClientBankExchange (found '{Shorten(Line)}'): not a 1C bank exchange file, or its header is missing",
                lineNumber);
        }

        return new StatementHeader { LineNumber = lineNumber, DetectedEncoding = encodingName };
    }

    private void Open(string marker, string? kind)
    {
        RefuseOpenSection(marker);
        if (marker == StatementKeys.DocumentStart && string.IsNullOrWhiteSpace(kind))
        {
            throw new StatementRejected(StatementRejected.DocumentKindMissing,
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
            throw new StatementRejected(StatementRejected.EndClosesNothing, $"{endMarker} closes nothing: the open section is {open.Marker} from line {open.StartLine}", lineNumber, endMarker);
        }

        var closing = open;
        open = null;
        return closing.IsDocument ? closing.ToDocument() : closing.ToBalance();
    }

    private void Accept(StatementHeader header, StatementKeys.Key key, bool hasValue, ReadOnlySpan<char> value, ReadOnlySpan<char> text)
    {
        if (!hasValue)
        {
            // Between sections a stray line carries no money (1C loads such files); inside a document it might.
            if (open is null)
            {
                header.WarningList.Add($"line {lineNumber}: '{Shorten(text)}' is neither key=value nor a section marker; skipped");
                return;
            }

            throw new StatementRejected(StatementRejected.NotKeyValue, $"'{Shorten(text)}' is neither key=value nor a section marker", lineNumber);
        }

        if (open is null)
        {
            StatementHeaderFields.Apply(header, key.Name, value.ToString(), lineNumber);
            return;
        }

        open.Add(key, value, lineNumber);
        continuationAllowed = open.IsDocument && key.MultiLine;
    }

    private void RefuseOpenSection(string reached)
    {
        if (open is not null)
        {
            var end = open.IsDocument ? StatementKeys.DocumentEnd : StatementKeys.BalanceEnd;
            throw new StatementRejected(StatementRejected.SectionLeftOpen,
                $"section {open.Marker} opened at line {open.StartLine} is left open: {reached} comes before its {end}", lineNumber, reached);
        }
    }

    private StatementRejected Truncated()
    {
        if (open is not null)
        {
            var end = open.IsDocument ? StatementKeys.DocumentEnd : StatementKeys.BalanceEnd;
            return new StatementRejected(StatementRejected.TruncatedInSection,
                $"the file ends at line {lineNumber} inside section {open.Marker} opened at line {open.StartLine} (no {end}, no КонецФайла): truncated file",
                open.StartLine,
                open.Marker);
        }

        return new StatementRejected(StatementRejected.Truncated, $"the file ends at line {lineNumber} without КонецФайла: truncated file", lineNumber, StatementKeys.EndOfFile);
    }

    /// <summary>
    /// The next line into <see cref="Line"/>, cut where <see cref="TextReader.ReadLine"/> cuts (\n, \r or \r\n), or false
    /// at the end. Each line is a view into one reused buffer: no string per line.
    /// </summary>
    private bool NextLine()
    {
        while (true)
        {
            var pending = chars.AsSpan(unread, filled - unread);
            var cut = pending.IndexOfAny('\r', '\n');
            if (cut >= 0 && !(pending[cut] == '\r' && cut == pending.Length - 1 && !endOfInput))
            {
                lineStart = unread;
                lineLength = cut;
                unread += cut + 1;
                if (pending[cut] == '\r' && unread < filled && chars[unread] == '\n')
                {
                    unread++;
                }

                break;
            }

            if (cut < 0 && endOfInput)
            {
                if (pending.IsEmpty)
                {
                    return false;
                }

                lineStart = unread;
                lineLength = pending.Length;
                unread = filled;
                break;
            }

            // No whole line left (or a \r that a \n may follow in the next read): keep the rest and read on.
            Fill();
        }

        lineNumber++;
        // One vectorised scan for both refusals; the line is looked at again only when one of them is there.
        var line = Line;
        if (line.IndexOfAny('\0', '\uFFFD') < 0)
        {
            return true;
        }

        if (line.Contains('\0'))
        {
            throw new StatementRejected(StatementRejected.NulCharacter, "NUL character: binary data inside the file", lineNumber);
        }

        if (isUtf8 && line.Contains('\uFFFD'))
        {
            throw new StatementRejected(StatementRejected.MixedEncodings,
                $"the bytes are not valid utf-8 although the start of the file is: the file mixes encodings", lineNumber);
        }

        return true;
    }

    private void Fill()
    {
        var pending = filled - unread;
        if (unread > 0)
        {
            Array.Copy(chars, unread, chars, 0, pending);
            unread = 0;
            filled = pending;
        }

        if (filled == chars.Length)
        {
            // A line longer than the buffer.
            Array.Resize(ref chars, chars.Length * 2);
        }

        var read = reader.Read(chars, filled, chars.Length - filled);
        if (read == 0)
        {
            endOfInput = true;
        }

        filled += read;
    }

    /// <summary>
    /// <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/>, answering for Cyrillic letters (no white space among them)
    /// without the Unicode table look-up the framework makes for every character outside Latin-1: most lines end in one.
    /// </summary>
    private static ReadOnlySpan<char> TrimSpaces(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsSpace(char c) => c is < '\u0400' or > '\u04FF' && char.IsWhiteSpace(c);

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 60 ? text.Trim().ToString() : text[..60].Trim().ToString() + "…";
}
