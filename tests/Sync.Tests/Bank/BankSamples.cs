using System.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>The real statement samples in ../shared/samples/bank/ next to the repository, and temp files made from them.</summary>
internal static class BankSamples
{
    static BankSamples() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Cp1251 => Encoding.GetEncoding(1251);

    public static Encoding Cp866 => Encoding.GetEncoding(866);

    public static string Folder
    {
        get
        {
            // Builds may put their output outside the checkout (--artifacts-path): then walk up from this source file.
            var root = RepositoryRootAbove(AppContext.BaseDirectory) ?? RepositoryRootAbove(Path.GetDirectoryName(ThisFile())!);
            FailIf(root is null, $"no BackOffice.sln above {AppContext.BaseDirectory} nor above {ThisFile()}");
            var samples = Path.GetFullPath(Path.Combine(root!, "..", "shared", "samples", "bank"));
            FailIf(!Directory.Exists(samples), $"the bank samples folder {samples} is missing");
            return samples;
        }
    }

    private static string? RepositoryRootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackOffice.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    public static string PathOf(string name)
    {
        var path = Path.Combine(Folder, name);
        FailIf(!File.Exists(path), $"sample {path} is missing");
        return path;
    }

    /// <summary>A missing samples folder fails the test: it must never turn into a silent skip.</summary>
    private static void FailIf(bool condition, string message)
    {
        if (condition)
        {
            Assert.Fail(message);
        }
    }

    public static Statement Parse(string name) => StatementParser.ParseFile(PathOf(name));

    /// <summary>The sample's lines decoded (the caller knows its encoding), to be corrupted and written back.</summary>
    public static List<string> Lines(string name, Encoding encoding) =>
        File.ReadAllText(PathOf(name), encoding).Replace("\r\n", "\n").Split('\n').ToList();
}

/// <summary>A temp folder deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bank-tests-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, IEnumerable<string> lines, Encoding encoding, string newLine = "\r\n") =>
        WriteBytes(name, encoding.GetBytes(string.Join(newLine, lines)));

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
