using System.Text;
using UtfUnknown;

namespace BackOffice.Tickets.Mail;

/// <summary>
/// Turns a text part's bytes into text when its declared charset may lie. MimeKit trusts the declaration; mail from
/// Russian clients arrives as koi8-r declared windows-1251 (and the reverse), undeclared windows-1251, or UTF-8 with
/// stray legacy bytes. Order: valid UTF-8 wins; a declaration that yields implausible Cyrillic gives way to the better
/// Cyrillic code page; nothing declared is detected (UTF.Unknown, then the Cyrillic check).
/// </summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static readonly string[] CyrillicPages = ["windows-1251", "koi8-r", "ibm866", "iso-8859-5"];

    public static (string Text, string Charset) Decode(byte[] bytes, string? declared)
    {
        var declaredEncoding = Resolve(declared);
        // "us-ascii" over 8-bit bytes says nothing about them.
        if (declaredEncoding is ASCIIEncoding) declaredEncoding = null;
        if (declaredEncoding is UTF7Encoding)
            return (declaredEncoding.GetString(bytes), "utf-7");
        var highBytes = CountHigh(bytes);
        if (highBytes == 0)
            return (Encoding.ASCII.GetString(bytes), declared ?? "us-ascii");
        if (IsValidUtf8(bytes))
            return (Encoding.UTF8.GetString(bytes), "utf-8");

        if (declaredEncoding is UTF8Encoding)
            return (LenientUtf8(bytes, FallbackFor(bytes)), "utf-8+" + FallbackFor(bytes).WebName);

        // Multi-byte Asian charsets are not confused with Cyrillic code pages: only single-byte declarations are second-guessed.
        if (declaredEncoding is not null && (!declaredEncoding.IsSingleByte || !LooksCyrillic(bytes)))
            return (declaredEncoding.GetString(bytes), declaredEncoding.WebName);

        if (LooksCyrillic(bytes))
        {
            var best = BestCyrillic(bytes);
            if (declaredEncoding is not null && IsCyrillicPage(declaredEncoding) && Score(declaredEncoding.GetString(bytes)) >= Score(best.GetString(bytes)))
                best = declaredEncoding;
            return (best.GetString(bytes), best.WebName);
        }

        // A few isolated accented letters are too little for a detector: Western European unless it is quite sure.
        var detection = CharsetDetector.DetectFromBytes(bytes).Detected;
        var chosen = detection is { Encoding: { } detected, Confidence: >= 0.9f } && detected is not UTF8Encoding ? detected : Encoding.GetEncoding("windows-1252");
        return (chosen.GetString(bytes), chosen.WebName);
    }

    /// <summary>The encoding a charset name means, through MimeKit's aliases and the code-pages provider; null when unknown.</summary>
    public static Encoding? Resolve(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset)) return null;
        var name = charset.Trim().Trim('"').ToLowerInvariant();
        if (name is "utf-7" or "unicode-1-1-utf-7" or "x-unicode-2-0-utf-7")
#pragma warning disable SYSLIB0001 // UTF-7 is obsolete for writing; old Exchange bounces still arrive in it.
            return new UTF7Encoding();
#pragma warning restore SYSLIB0001
        if (name is "utf8") return new UTF8Encoding(false);
        foreach (var candidate in new[] { name, Aliases.GetValueOrDefault(name), name.StartsWith("x-", StringComparison.Ordinal) ? name[2..] : null })
        {
            if (candidate is null) continue;
            try
            {
                var e = Encoding.GetEncoding(candidate);
                return e is UTF8Encoding ? new UTF8Encoding(false) : e;
            }
            catch (ArgumentException)
            {
            }
        }
        return null;
    }

    static readonly Dictionary<string, string> Aliases = new()
    {
        ["cp1251"] = "windows-1251", ["win-1251"] = "windows-1251", ["win1251"] = "windows-1251", ["cp-1251"] = "windows-1251",
        ["cp1252"] = "windows-1252", ["cp866"] = "ibm866", ["koi8"] = "koi8-r", ["ks_c_5601"] = "ks_c_5601-1987", ["latin1"] = "iso-8859-1",
    };

    /// <summary>Runs of high bytes (whole words) are Cyrillic; isolated ones (ä in a German word) are not.</summary>
    public static bool LooksCyrillic(byte[] bytes)
    {
        int high = 0, inRuns = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x80) continue;
            high++;
            if ((i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.Length && bytes[i + 1] >= 0x80)) inRuns++;
        }
        return high >= 4 && inRuns * 10 >= high * 7 && Score(BestCyrillic(bytes).GetString(bytes)) > 0;
    }

    static Encoding BestCyrillic(byte[] bytes) =>
        CyrillicPages.Select(Encoding.GetEncoding).OrderByDescending(e => Score(e.GetString(bytes))).First();

    static bool IsCyrillicPage(Encoding e) => CyrillicPages.Contains(e.WebName, StringComparer.OrdinalIgnoreCase) || e.WebName == "koi8-u" || e.WebName == "cp866";

    /// <summary>Real Russian text is mostly lower-case letters; the wrong code page gives capitals and symbols.</summary>
    static int Score(string text)
    {
        int score = 0;
        foreach (var c in text)
        {
            if (c < 0x80) continue;
            if (c is >= 'а' and <= 'я' or 'ё') score += 2;
            else if (c is >= 'А' and <= 'Я' or 'Ё') score += 0;
            else score -= 3;
        }
        return score;
    }

    /// <summary>The single-byte code page for the bytes that are not UTF-8 inside a "UTF-8" part.</summary>
    static Encoding FallbackFor(byte[] bytes)
    {
        var stray = new List<byte>();
        for (var i = 0; i < bytes.Length;)
        {
            var n = Utf8SequenceLength(bytes, i);
            if (n > 0) { i += n; continue; }
            stray.Add(bytes[i]);
            if (i > 0 && bytes[i - 1] >= 0x80) stray.Add(bytes[i - 1]);
            i++;
        }
        var arr = stray.ToArray();
        return LooksCyrillic(arr) ? BestCyrillic(arr) : Encoding.GetEncoding("windows-1252");
    }

    /// <summary>UTF-8 where the bytes are UTF-8, the fallback code page for each byte that is not.</summary>
    static string LenientUtf8(byte[] bytes, Encoding fallback)
    {
        var sb = new StringBuilder(bytes.Length);
        var start = 0;
        for (var i = 0; i < bytes.Length;)
        {
            var n = Utf8SequenceLength(bytes, i);
            if (n > 0) { i += n; continue; }
            sb.Append(Encoding.UTF8.GetString(bytes, start, i - start));
            sb.Append(fallback.GetString(bytes, i, 1));
            i++;
            start = i;
        }
        sb.Append(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        return sb.ToString();
    }

    /// <summary>Length of the valid UTF-8 sequence at i (1 for ASCII), 0 when the byte does not start one.</summary>
    static int Utf8SequenceLength(byte[] b, int i)
    {
        var c = b[i];
        if (c < 0x80) return 1;
        int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > b.Length) return 0;
        for (var k = 1; k < n; k++)
            if ((b[i + k] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && b[i + 1] < 0xA0) return 0;
        if (c == 0xED && b[i + 1] > 0x9F) return 0;
        if (c == 0xF0 && b[i + 1] < 0x90) return 0;
        if (c == 0xF4 && b[i + 1] > 0x8F) return 0;
        return n;
    }

    public static bool IsValidUtf8(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            var n = Utf8SequenceLength(bytes, i);
            if (n == 0) return false;
            i += n;
        }
        return true;
    }

    static int CountHigh(byte[] bytes)
    {
        var n = 0;
        foreach (var b in bytes) if (b >= 0x80) n++;
        return n;
    }
}
