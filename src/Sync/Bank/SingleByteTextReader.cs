using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Text in a single-byte code page (cp1251, cp866), decoded through a 256-character table that the framework's own
/// encoding fills once: the same characters as a StreamReader over that encoding, for a fraction of the per-byte cost
/// of the code-pages decoder, which was a tenth of `bank parse` (bench/BankParse).
/// </summary>
internal sealed class SingleByteTextReader(Stream stream, SingleByteTextReader.Table table) : TextReader
{
    private readonly byte[] bytes = new byte[32 * 1024];

    /// <summary>A code page's 256 characters; null when the encoding is not one character per byte.</summary>
    internal sealed class Table
    {
        internal readonly char[] Chars = new char[256];

        private Table()
        {
        }

        public static Table? Of(Encoding encoding)
        {
            var table = new Table();
            Span<byte> one = stackalloc byte[1];
            Span<char> decoded = stackalloc char[4];
            for (var b = 0; b < 256; b++)
            {
                one[0] = (byte)b;
                if (encoding.GetChars(one, decoded) != 1)
                {
                    return null;
                }

                table.Chars[b] = decoded[0];
            }

            return table;
        }
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = stream.Read(bytes, 0, Math.Min(bytes.Length, buffer.Length));
        Decode(bytes.AsSpan(0, read), buffer, table.Chars);
        return read;
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static void Decode(ReadOnlySpan<byte> source, Span<char> target, char[] chars)
    {
        if (target.Length < source.Length)
        {
            throw new ArgumentException("the target is shorter than the source", nameof(target));
        }

        ref var map = ref MemoryMarshal.GetArrayDataReference(chars);
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(target);
        var i = 0;
        for (; i + 4 <= source.Length; i += 4)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref map, Unsafe.Add(ref from, i));
            Unsafe.Add(ref to, i + 1) = Unsafe.Add(ref map, Unsafe.Add(ref from, i + 1));
            Unsafe.Add(ref to, i + 2) = Unsafe.Add(ref map, Unsafe.Add(ref from, i + 2));
            Unsafe.Add(ref to, i + 3) = Unsafe.Add(ref map, Unsafe.Add(ref from, i + 3));
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref map, Unsafe.Add(ref from, i));
        }
    }
}
