using System.Text;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Decides how a statement's bytes are decoded. The header's <c>Кодировка=</c> is not trusted: banks write
/// "Windows" over UTF-8 (Sber), or misspell it ("Wirdows"). The decision is made from the first block of bytes,
/// which is then replayed, so the file is still read as a stream.
/// </summary>
internal static class StatementDecoding
{
    private const int SniffSize = 64 * 1024;

    private static readonly string[] CyrillicMarkers =
        ["Секция", "Конец", "Дата", "Сумма", "Плательщик", "Получатель", "ВерсияФормата", "Кодировка", "РасчСчет"];

    static StatementDecoding() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Cp1251 => System.Text.Encoding.GetEncoding(1251);

    public static Encoding Cp866 => System.Text.Encoding.GetEncoding(866);

    /// <summary>
    /// Bytes that are not UTF-8 become U+FFFD, which the scanner refuses on the line where it appears: a file that
    /// changes encoding half-way is rejected with its line (a throwing decoder would fail a whole buffer ahead).
    /// </summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Encoding ByName(string name) => System.Text.Encoding.GetEncoding(name);

    public static (TextReader Reader, string EncodingName) Open(Stream stream)
    {
        var buffer = new byte[SniffSize];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var prefix = buffer.AsSpan(0, read);
        if (read == 0)
        {
            throw new StatementRejected(StatementRejected.Empty, "the file is empty (0 bytes)");
        }

        RefuseBinary(prefix);
        var bomLength = prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var (encoding, name) = Detect(prefix[bomLength..], bomLength > 0, wholeFile: read < buffer.Length);
        var replay = new ReplayStream(buffer, bomLength, read, stream);
        var singleByte = encoding.CodePage switch
        {
            1251 => SingleByteTables.Cp1251,
            866 => SingleByteTables.Cp866,
            _ => null,
        };
        return singleByte is null
            ? (new StreamReader(replay, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024), name)
            : (new SingleByteTextReader(replay, singleByte), name);
    }

    private static void RefuseBinary(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new StatementRejected(StatementRejected.Utf16, "the file is UTF-16 text: 1C bank exchange files are cp1251, cp866 or UTF-8");
        }

        var nul = prefix.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new StatementRejected(StatementRejected.BinaryNul, $"the file is binary, not a text statement (NUL byte at offset {nul})");
        }

        var controls = 0;
        foreach (var b in prefix)
        {
            // TAB, LF, FF, CR and the DOS end-of-file mark (0x1A) occur in text files.
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D or 0x1A))
            {
                controls++;
            }
        }

        if (controls > prefix.Length / 100)
        {
            throw new StatementRejected(StatementRejected.BinaryControls, $"the file is binary, not a text statement ({controls} control bytes in the first {prefix.Length})");
        }
    }

    private static (Encoding Encoding, string Name) Detect(ReadOnlySpan<byte> bytes, bool hasBom, bool wholeFile)
    {
        if (hasBom)
        {
            return (Utf8, "utf-8");
        }

        // A block cut mid-file may end inside a multi-byte character: judge only up to the last line break.
        var judged = wholeFile ? bytes : bytes[..(bytes.LastIndexOf((byte)'\n') + 1)];
        var hasHighBytes = judged.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        if (hasHighBytes && System.Text.Unicode.Utf8.IsValid(judged))
        {
            return (Utf8, "utf-8");
        }

        var declared = DeclaredEncoding(bytes);
        if (!hasHighBytes)
        {
            return declared switch
            {
                "DOS" => (Cp866, "cp866"),
                "UTF" => (Utf8, "utf-8"),
                _ => (Cp1251, "windows-1251"),
            };
        }

        var as1251 = MarkerCount(Cp1251.GetString(judged));
        var as866 = MarkerCount(Cp866.GetString(judged));
        return as866 > as1251 || (as866 == as1251 && declared == "DOS")
            ? (Cp866, "cp866")
            : (Cp1251, "windows-1251");
    }

    private static int MarkerCount(string text)
    {
        var count = 0;
        foreach (var marker in CyrillicMarkers)
        {
            for (var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The value of <c>Кодировка=</c> is ASCII whatever the key's encoding: look for "=DOS" / "=UTF" in the bytes.</summary>
    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 2048)]);
        if (head.Contains("=DOS", StringComparison.OrdinalIgnoreCase))
        {
            return "DOS";
        }

        return head.Contains("=UTF", StringComparison.OrdinalIgnoreCase) ? "UTF" : null;
    }

    /// <summary>Gives back the sniffed block, then the rest of the underlying stream (which stays the caller's to dispose).</summary>
    private sealed class ReplayStream(byte[] block, int start, int end, Stream rest) : Stream
    {
        private int position = start;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < end)
            {
                var n = Math.Min(buffer.Length, end - position);
                block.AsSpan(position, n).CopyTo(buffer);
                position += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Filled once, from the framework's own encodings, when the first single-byte statement is read.</summary>
    private static class SingleByteTables
    {
        public static readonly SingleByteTextReader.Table? Cp1251 = SingleByteTextReader.Table.Of(StatementDecoding.Cp1251);
        public static readonly SingleByteTextReader.Table? Cp866 = SingleByteTextReader.Table.Of(StatementDecoding.Cp866);
    }
}
