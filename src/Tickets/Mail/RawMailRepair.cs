using System.Text;

namespace BackOffice.Tickets.Mail;

/// <summary>
/// Byte-level repairs done before MimeKit sees a message, for what real mailboxes hold and strict parsers lose:
/// a byte-order mark, an mbox "From " line or a junk line before the headers, CR-only line endings, and header
/// continuation lines that lost their leading whitespace (Exchange diagnostics, MimeKit issue 358).
/// </summary>
static class RawMailRepair
{
    public static byte[] Repair(byte[] raw, List<string> repairs)
    {
        var bytes = raw.AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
            repairs.Add("byte-order mark removed");
        }
        var text = bytes.ToArray();
        text = FixLineEndings(text, repairs);
        return FixHeaderBlock(text, repairs);
    }

    static byte[] FixLineEndings(byte[] data, List<string> repairs)
    {
        int lf = 0, loneCr = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '\n') lf++;
            else if (data[i] == '\r' && (i + 1 == data.Length || data[i + 1] != '\n')) loneCr++;
        }
        if (loneCr == 0 || loneCr < lf) return data;
        repairs.Add("CR-only line endings read as line breaks");
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
            output[i] = data[i] == '\r' && (i + 1 == data.Length || data[i + 1] != '\n') ? (byte)'\n' : data[i];
        return output;
    }

    static byte[] FixHeaderBlock(byte[] data, List<string> repairs)
    {
        var lines = SplitLines(data, out var bodyStart);
        var output = new MemoryStream(data.Length + 64);
        var start = 0;
        // An mbox separator or a pasted "---- Original message ----" before the first header: skip it, if headers follow.
        while (start < Math.Min(lines.Count, 3) && !IsField(lines[start].Text(data)) && lines.Skip(start + 1).Take(3).Any(l => IsField(l.Text(data))))
        {
            repairs.Add($"line before the headers skipped: {Shorten(lines[start].Text(data))}");
            start++;
        }
        var glued = 0;
        for (var i = start; i < lines.Count; i++)
        {
            var (offset, length, eol) = lines[i];
            var first = data[offset];
            if (i > start && first is not ((byte)' ' or (byte)'\t') && !IsField(lines[i].Text(data)))
            {
                output.WriteByte((byte)' ');
                glued++;
            }
            output.Write(data, offset, length + eol);
        }
        if (glued > 0) repairs.Add($"{glued} header continuation line(s) without leading whitespace joined");
        output.Write(data, bodyStart, data.Length - bodyStart);
        return output.ToArray();
    }

    readonly record struct Line(int Offset, int Length, int Eol)
    {
        public string Text(byte[] data) => Encoding.Latin1.GetString(data, Offset, Math.Min(Length, 200));
    }

    /// <summary>The header lines (without the blank line ending them); bodyStart is where the blank line begins.</summary>
    static List<Line> SplitLines(byte[] data, out int bodyStart)
    {
        var lines = new List<Line>();
        var pos = 0;
        while (pos < data.Length)
        {
            var nl = Array.IndexOf(data, (byte)'\n', pos);
            var end = nl < 0 ? data.Length : nl;
            var length = end - pos;
            if (length > 0 && data[end - 1] == '\r') length--;
            if (length == 0)
            {
                bodyStart = pos;
                return lines;
            }
            lines.Add(new Line(pos, length, (nl < 0 ? data.Length : nl + 1) - pos - length));
            pos = nl < 0 ? data.Length : nl + 1;
        }
        bodyStart = data.Length;
        return lines;
    }

    /// <summary>"Name:" with the characters RFC 5322 allows in a field name.</summary>
    static bool IsField(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0) return false;
        for (var i = 0; i < colon; i++)
            if (line[i] <= ' ' || line[i] > '~') return false;
        return true;
    }

    static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
