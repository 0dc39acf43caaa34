using BackOffice.Ledger;

namespace BackOffice.Reports.Writing;

public enum ReportFormat { Xlsx, Csv }

/// <summary>
/// The output file, never half-written: the report goes into a temporary file beside the target (same folder, so the
/// move is a rename on one file system) and is moved into place only when complete; on any failure the temporary file
/// is deleted and an existing target is left as it was. Opening the temporary file first is also the writability check,
/// made before any work is done.
/// </summary>
public sealed class ReportFile : IDisposable
{
    const string Option = "--out";
    readonly string _temp;
    bool _committed;

    public string Target { get; }
    public ReportFormat Format { get; }
    public FileStream Stream { get; }

    ReportFile(string target, ReportFormat format, string temp, FileStream stream) =>
        (Target, Format, _temp, Stream) = (target, format, temp, stream);

    public static ReportFile Open(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidInput(Option, $"{Option}: name the file to write, ending in .xlsx or .csv.");
        var target = Path.GetFullPath(path);
        var format = Path.GetExtension(target).ToLowerInvariant() switch
        {
            ".xlsx" => ReportFormat.Xlsx,
            ".csv" => ReportFormat.Csv,
            _ => throw new InvalidInput(Option, $"{Option}: '{path}' must end in .xlsx (a workbook) or .csv."),
        };
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
            throw new InvalidInput(Option, $"{Option}: the folder '{folder}' does not exist; create it first or write elsewhere.");
        if (Directory.Exists(target))
            throw new InvalidInput(Option, $"{Option}: '{target}' is a folder; name a file inside it.");
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            return new ReportFile(target, format, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidInput(Option, $"{Option}: cannot write in the folder '{folder}': {e.Message}");
        }
    }

    /// <summary>Flushes the finished report to disk and moves it into place, replacing an older file of that name.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temp, Target, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed) File.Delete(_temp);
    }
}
