using System.Diagnostics;
using System.Text;

namespace BackOffice.Ledger.Tests.Documents;

/// <summary>Reads a rendered PDF back with Debian's tools (scripts/documents.sh installs them): its text, fonts and QR.</summary>
sealed class PdfProbe : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("backoffice-pdf-").FullName;
    public string File { get; }

    public PdfProbe(byte[] pdf)
    {
        File = Path.Combine(dir, "invoice.pdf");
        System.IO.File.WriteAllBytes(File, pdf);
    }

    public string Text() => Run("pdftotext", "-layout", File, "-");

    public string Fonts() => Run("pdffonts", File);

    /// <summary>The QR codes zbar finds on page 1 rendered at 200 dpi, as the bytes the code holds read as UTF-8.</summary>
    public IReadOnlyList<string> QrCodes(int dpi = 200)
    {
        Run("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-f", "1", "-l", "1", "-singlefile", File, Path.Combine(dir, "page"));
        var output = Run("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", "-Sbinary", Path.Combine(dir, "page.png"));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
