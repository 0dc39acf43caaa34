using System.Net;
using System.Text;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Text as WHMCS stored it, made readable. A WHMCS without $mysql_charset wrote UTF-8 bytes through a latin1 connection, so
/// "Сергей" sits in the utf8 column as "Ð¡ÐµÑ€Ð³ÐµÐ¹"; and every input went through htmlspecialchars ("&quot;Стандарт&quot;").
/// Per value: if all its characters are MySQL latin1 (cp1252 with five control-character holes) and their bytes are valid UTF-8,
/// they were UTF-8 all along; otherwise the value is kept as read. Then HTML entities are decoded.
/// </summary>
public static class WhmcsText
{
    static readonly Dictionary<char, byte> Latin1 = BuildLatin1();
    static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static string Clean(string? value) => value is null or "" ? "" : WebUtility.HtmlDecode(Repair(value)).Trim();

    public static string? CleanOrNull(string? value) => Clean(value) is { Length: > 0 } s ? s : null;

    public static string Repair(string value)
    {
        var nonAscii = false;
        foreach (var ch in value)
        {
            if (ch < 0x80) continue;
            nonAscii = true;
            if (!Latin1.ContainsKey(ch)) return value;   // a real non-latin character: stored correctly
        }
        if (!nonAscii) return value;
        var bytes = new byte[value.Length];
        for (var i = 0; i < value.Length; i++) bytes[i] = value[i] < 0x80 ? (byte)value[i] : Latin1[value[i]];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return value;   // genuine latin1 text ("Café")
        }
    }

    static Dictionary<char, byte> BuildLatin1()
    {
        // MySQL's latin1 is cp1252, except that 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 controls of the same value.
        char[] high =
        [
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        ];
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0x9F; b++) map[high[b - 0x80]] = (byte)b;
        for (var b = 0xA0; b <= 0xFF; b++) map[(char)b] = (byte)b;
        return map;
    }
}
