using PdfSharp.Fonts;

namespace BackOffice.Ledger.Documents;

/// <summary>
/// Liberation Sans from the assembly's resources (Documents/Fonts, SIL OFL): PDFsharp's Core build finds no fonts on
/// Linux by itself, and a font installed on one machine and not on another would change the document.
/// </summary>
public sealed class InvoiceFonts : IFontResolver
{
    public const string Family = "Liberation Sans";
    static readonly Lock Gate = new();
    static bool registered;

    /// <summary>PDFsharp takes one resolver per process, set before the first font is used and never reset.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new InvoiceFonts();
            registered = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(bold ? "LiberationSans-Bold" : "LiberationSans-Regular")
            : null;

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(InvoiceFonts).Assembly.GetManifestResourceStream($"Fonts/{faceName}.ttf");
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
