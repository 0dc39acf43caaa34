using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace BackOffice.Tickets.Mail;

/// <summary>What MimeKit leaves undecoded: encoded words in charsets it does not know (UTF-7) or broken by folding,
/// and RFC 2231 names whose declared charset is wrong (us-ascii holding %F6).</summary>
static partial class EncodedWords
{
    [GeneratedRegex(@"=\?([^?\s]+)\?([QqBb])\?(.*?)\?=", RegexOptions.Singleline)]
    private static partial Regex Word();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex BetweenWords();

    public static string DecodeLeftovers(string text)
    {
        if (!text.Contains("=?", StringComparison.Ordinal)) return text;
        text = BetweenWords().Replace(text, "?==?");
        return Word().Replace(text, m =>
        {
            var encoding = TextDecoding.Resolve(m.Groups[1].Value.Split('*')[0]);
            if (encoding is null) return m.Value;
            var payload = Regex.Replace(m.Groups[3].Value, @"\s+", " ");
            try
            {
                var bytes = m.Groups[2].Value is "B" or "b" ? Convert.FromBase64String(payload.Replace(" ", "")) : QDecode(payload);
                return encoding is UTF7Encoding ? encoding.GetString(bytes) : TextDecoding.Decode(bytes, m.Groups[1].Value).Text;
            }
            catch (FormatException)
            {
                return m.Value;
            }
        });
    }

    static byte[] QDecode(string s)
    {
        var output = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_') output.Add((byte)' ');
            else if (c == '=' && i + 2 < s.Length && byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                output.Add(b);
                i += 2;
            }
            else output.Add((byte)c);
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"filename\*(?:0\*)?\s*=\s*""?([^'""\s]*)'[^']*'([^""\s;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Rfc2231();

    /// <summary>The part's file name; when MimeKit could not decode it (a '?' or U+FFFD where a byte was), the raw
    /// RFC 2231 value is decoded again with a charset guessed from its bytes.</summary>
    public static string? RepairFileName(MimePart part)
    {
        var name = part.FileName;
        if (name is null || (!name.Contains('?') && !name.Contains('\uFFFD'))) return name;
        var raw = part.Headers[HeaderId.ContentDisposition];
        if (raw is null || Rfc2231().Match(raw) is not { Success: true } m) return name;
        var bytes = new List<byte>();
        var value = m.Groups[2].Value;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else bytes.Add((byte)value[i]);
        }
        return TextDecoding.Decode(bytes.ToArray(), m.Groups[1].Value).Text;
    }
}
