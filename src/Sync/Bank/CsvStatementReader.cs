using System.ComponentModel.DataAnnotations;
using CsvHelper;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Reads CSV statements into the same <see cref="BankDocument"/>s as the 1C format, through a column map.
/// Like the 1C format, a file is whole or nothing: a missing column or an unreadable value throws
/// <see cref="StatementRejected"/> naming the row and column.
/// </summary>
public sealed class CsvStatementReader(CsvStatementMap map)
{
    private readonly CsvStatementMap map = Validated(map);

    /// <summary>Reads row by row; the stream stays the caller's.</summary>
    public IEnumerable<BankDocument> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadRows(stream);
    }

    public IReadOnlyList<BankDocument> ReadAll(Stream stream) => Read(stream).ToList();

    public IReadOnlyList<BankDocument> ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        return ReadAll(file);
    }

    private IEnumerable<BankDocument> ReadRows(Stream stream)
    {
        var options = new CsvReaderOptions
        {
            Separator = map.Separator,
            HasHeader = true,
            Encoding = StatementDecoding.ByName(map.EncodingName),
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        var columns = Columns(csv);
        while (csv.Read())
        {
            yield return new CsvRow(csv, columns, map).ToDocument();
        }
    }

    private Dictionary<string, int> Columns(CsvReader csv)
    {
        try
        {
            csv.ReadHeader();
        }
        catch (CsvFormatException e)
        {
            throw new StatementRejected(StatementRejected.CsvHeaderUnreadable, $"the CSV header cannot be read: {e.Message}", (int)e.LineNumber, inner: e);
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var name in map.MappedColumns())
        {
            if (csv.TryGetFieldIndex(name, out var index))
            {
                columns[name] = index;
            }
            else
            {
                missing.Add($"'{name}'");
            }
        }

        if (missing.Count > 0)
        {
            var found = csv.Headers.Count == 0 ? "none" : string.Join(", ", csv.Headers.Select(h => $"'{h}'"));
            throw new StatementRejected(StatementRejected.CsvColumnMissing,
                $"the CSV header has no column {string.Join(", ", missing)} that the column map names (separator '{map.Separator}'; columns found: {found})",
                1);
        }

        return columns;
    }

    private static CsvStatementMap Validated(CsvStatementMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Validator.ValidateObject(map, new ValidationContext(map), validateAllProperties: true);
        return map;
    }
}
