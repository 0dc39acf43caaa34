using System.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>The real statement samples in tests/Samples/bank/ inside the repository, and temp files made from them.</summary>
internal static class BankSamples
{
    static BankSamples() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Cp1251 => Encoding.GetEncoding(1251);

    public static Encoding Cp866 => Encoding.GetEncoding(866);

    public static string Folder => BackOffice.Tests.Support.SampleFiles.SamplesFolder("bank");

    public static string PathOf(string name) => BackOffice.Tests.Support.SampleFiles.Sample("bank", name);

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
