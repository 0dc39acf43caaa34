using System.Runtime.InteropServices;
using BackOffice.Ledger;
using BackOffice.Ledger.Text;
using BackOffice.Reports.Engine;
using BackOffice.Tests.Support;

namespace BackOffice.Reports.Tests;

/// <summary>Each bad input of issue 12 is refused with a clear error, and nothing is written: no file, no temporary
/// file, an existing file of that name untouched, the ledger unchanged.</summary>
public sealed class BadInputTests(PostgresCluster cluster) : ReportTest(cluster)
{
    const string OldContent = "the report of last week";

    [Fact]
    public async Task An_unknown_manager_is_refused()
    {
        var e = await RefusedAsync(new ReportRequest(AsOf, "99"));
        Assert.Equal("--manager", e.Field);
        Assert.Contains("no manager '99'", e.Message);
        e = await RefusedAsync(new ReportRequest(AsOf, "nobody"));
        Assert.Contains("no manager 'nobody'", e.Message);
    }

    [Fact]
    public async Task A_date_in_the_future_is_refused()
    {
        var e = await RefusedAsync(new ReportRequest(Today.AddDays(1)));
        Assert.Equal("--as-of", e.Field);
        Assert.Equal("--as-of: 24.11.2026 is in the future (today is 23.11.2026); payments after today are not known yet.", e.Message);
    }

    [Theory]
    [InlineData("2019-13")]
    [InlineData("2019-00")]
    [InlineData("13.2019")]
    [InlineData("2019-1-01")]
    public void A_month_that_is_not_a_month_is_refused(string text)
    {
        var e = Assert.Throws<InvalidInput>(() => BusinessText.ParseMonth(text, "--month"));
        Assert.Equal($"--month: '{text}' is not a month; write it as 2026-12 or 12.2026.", e.Message);
        Assert.Equal(new DateOnly(2019, 12, 1), BusinessText.ParseMonth("2019-12", "--month"));
        Assert.Equal(new DateOnly(2019, 12, 1), BusinessText.ParseMonth("12.2019", "--month"));
    }

    [Fact]
    public async Task Options_a_report_does_not_take_are_refused()
    {
        Assert.Contains("--month does not apply to the report 'debtors'", (await RefusedAsync(new ReportRequest(AsOf, Month: new(2026, 11, 1)))).Message);
        Assert.Contains("--days does not apply", (await RefusedAsync(new ReportRequest(AsOf, Days: 5))).Message);
        Assert.Contains("--manager does not apply", (await RefusedAsync(new ReportRequest(AsOf, "1"), "no-manager")).Message);
        Assert.Contains("There is no report 'debtorz'", (await RefusedAsync(new ReportRequest(AsOf), "debtorz")).Message);
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_is_refused_and_not_created()
    {
        await LedgerOfDebtsAsync();
        var before = await SnapshotAsync(Ledger);
        var missing = Path.Combine(Folder, "нет такой папки");
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Engine.WriteAsync("debtors", new ReportRequest(AsOf), Today, Path.Combine(missing, "d.xlsx")));
        Assert.Equal("--out", e.Field);
        Assert.Contains($"the folder '{missing}' does not exist", e.Message);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Folder));
        Assert.Equal(before, await SnapshotAsync(Ledger));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_refused_and_holds_nothing_afterwards()
    {
        await LedgerOfDebtsAsync();
        var before = await SnapshotAsync(Ledger);
        using var locked = ReadOnlyFolder.Create(Path.Combine(Folder, "закрыта"));
        var entries = Directory.GetFileSystemEntries(locked.Path);
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Engine.WriteAsync("debtors", new ReportRequest(AsOf), Today, Path.Combine(locked.Path, "d.xlsx")));
        Assert.Equal("--out", e.Field);
        Assert.StartsWith($"--out: cannot write in the folder '{locked.Path}'", e.Message);
        Assert.Equal(entries, Directory.GetFileSystemEntries(locked.Path));
        Assert.Equal(before, await SnapshotAsync(Ledger));
    }

    [Fact]
    public async Task A_write_that_fails_halfway_leaves_the_old_file_and_no_temporary_file()
    {
        await LedgerOfDebtsAsync();
        var path = PathFor("debtors.xlsx");
        await File.WriteAllTextAsync(path, OldContent);
        await Assert.ThrowsAsync<IOException>(() => Engine.WriteAsync("debtors", new ReportRequest(AsOf), Today, path, new FailingProgress()));
        Assert.Equal(OldContent, await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(Folder));

        var written = await Engine.WriteAsync("debtors", new ReportRequest(AsOf), Today, path);
        Assert.Equal(7, written.Rows);
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(Folder));
        using var book = Open(path);
        Assert.Equal(4, book.Worksheets.Count);
    }

    /// <summary>Asks for the report over an existing file and checks the refusal left the file, the folder and the ledger as they were.</summary>
    async Task<InvalidInput> RefusedAsync(ReportRequest request, string report = "debtors")
    {
        if (Invoices.Count == 0) await LedgerOfDebtsAsync();
        var before = await SnapshotAsync(Ledger);
        var path = PathFor("report.xlsx");
        await File.WriteAllTextAsync(path, OldContent);
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Engine.WriteAsync(report, request, Today, path));
        Assert.Equal(OldContent, await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(Folder));
        Assert.Equal(before, await SnapshotAsync(Ledger));
        File.Delete(path);
        return e;
    }

    sealed class FailingProgress : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            if (value.Done == value.Total) throw new IOException("disk full");
        }
    }
}

/// <summary>
/// A folder nobody may create files in. As an ordinary user its mode says so; root ignores modes, so as root (CI) the
/// folder is made immutable (chattr +i), and where the file system cannot do that, sysfs is used: it refuses root too.
/// </summary>
sealed class ReadOnlyFolder : IDisposable
{
    public string Path { get; }
    readonly bool _immutable;

    ReadOnlyFolder(string path, bool immutable) => (Path, _immutable) = (path, immutable);

    public static ReadOnlyFolder Create(string path)
    {
        Directory.CreateDirectory(path);
        if (OperatingSystem.IsLinux() && geteuid() != 0)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            return new ReadOnlyFolder(path, false);
        }
        if (Run("chattr", $"+i \"{path}\"") == 0) return new ReadOnlyFolder(path, true);
        Directory.Delete(path);
        return new ReadOnlyFolder("/sys/kernel", false);
    }

    public void Dispose()
    {
        if (_immutable) Run("chattr", $"-i \"{Path}\"");
        else if (OperatingSystem.IsLinux() && !Path.StartsWith("/sys/", StringComparison.Ordinal))
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static int Run(string file, string args)
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args) { RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    [DllImport("libc")]
    static extern uint geteuid();
}
