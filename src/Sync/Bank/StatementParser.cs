namespace BackOffice.Sync.Bank;

/// <summary>
/// Reads 1CClientBankExchange statement files (versions 1.01–1.03) as a stream of items: the header, then balance
/// sections and documents as each one closes. A file is imported whole or not at all: anything malformed throws
/// <see cref="StatementRejected"/> naming the line and key, and a missing <c>КонецФайла</c> is only known when the
/// stream ends — so a consumer applies the items inside a transaction it rolls back on the exception.
/// </summary>
public static class StatementParser
{
    /// <summary>
    /// Reads item by item; memory does not grow with the file. The stream stays the caller's. Without
    /// <paramref name="withFields"/> documents come with an empty <see cref="BankDocument.Fields"/>, and only the values
    /// the document's own properties are made of become strings: for a reader that shows documents but stores none.
    /// </summary>
    public static IEnumerable<StatementItem> Read(Stream stream, bool withFields = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadItems(stream, withFields);
    }

    public static IEnumerable<StatementItem> ReadFile(string path, bool withFields = true)
    {
        using var file = OpenFile(path);
        foreach (var item in Read(file, withFields))
        {
            yield return item;
        }
    }

    /// <summary>The whole statement in memory, for small files.</summary>
    public static Statement Parse(Stream stream)
    {
        StatementHeader? header = null;
        var balances = new List<BalanceSection>();
        var documents = new List<BankDocument>();
        foreach (var item in Read(stream))
        {
            switch (item)
            {
                case StatementHeader h:
                    header = h;
                    break;
                case BalanceSection b:
                    balances.Add(b);
                    break;
                case BankDocument d:
                    documents.Add(d);
                    break;
            }
        }

        return new Statement
        {
            Header = header ?? throw new InvalidOperationException("the reader ended without a header"),
            Balances = balances,
            Documents = documents,
        };
    }

    public static Statement ParseFile(string path)
    {
        using var file = OpenFile(path);
        return Parse(file);
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);

    private static IEnumerable<StatementItem> ReadItems(Stream stream, bool withFields)
    {
        var (reader, encodingName) = StatementDecoding.Open(stream);
        using (reader)
        {
            foreach (var item in new StatementScanner(reader, encodingName, withFields).Items())
            {
                yield return item;
            }
        }
    }
}
