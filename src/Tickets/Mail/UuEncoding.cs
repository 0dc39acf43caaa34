using System.Text;
using System.Text.RegularExpressions;

namespace BackOffice.Tickets.Mail;

/// <summary>uuencoded content: parts marked x-uuencode without the "begin" line MimeKit's decoder waits for, and
/// "begin 644 name … end" blocks pasted into a plain-text body by old mailers.</summary>
static partial class UuEncoding
{
    [GeneratedRegex(@"^begin [0-7]{3,4} (?<name>[^\r\n]+)\r?\n(?<data>(?:.*\r?\n)*?)end\r?$", RegexOptions.Multiline)]
    private static partial Regex Block();

    public static byte[] DecodeLines(string encoded)
    {
        var output = new MemoryStream();
        foreach (var rawLine in encoded.Replace("\r", "").Split('\n'))
        {
            var line = rawLine;
            if (line.Length == 0 || line.StartsWith("begin ", StringComparison.Ordinal)) continue;
            if (line == "end" || line[0] == '`') break;
            var count = (line[0] - 32) & 63;
            if (count == 0) break;
            var values = line.Skip(1).Select(c => (byte)((c - 32) & 63)).ToArray();
            for (var i = 0; i + 3 < values.Length + 3 && count > 0; i += 4)
            {
                byte V(int k) => i + k < values.Length ? values[i + k] : (byte)0;
                byte[] three = [(byte)(V(0) << 2 | V(1) >> 4), (byte)(V(1) << 4 | V(2) >> 2), (byte)(V(2) << 6 | V(3))];
                var take = Math.Min(3, count);
                output.Write(three, 0, take);
                count -= take;
            }
        }
        return output.ToArray();
    }

    /// <summary>The text without its uuencoded blocks, and the files they held.</summary>
    public static (string Text, List<(string Name, byte[] Content)> Files) Extract(string text)
    {
        var files = new List<(string, byte[])>();
        if (!text.Contains("begin ", StringComparison.Ordinal)) return (text, files);
        var rest = Block().Replace(text, m =>
        {
            files.Add((m.Groups["name"].Value.Trim(), DecodeLines(m.Groups["data"].Value)));
            return "";
        });
        return (rest, files);
    }

    public static string Ascii(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
