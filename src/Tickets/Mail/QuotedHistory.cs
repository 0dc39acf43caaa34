using System.Text.RegularExpressions;

namespace BackOffice.Tickets.Mail;

/// <summary>
/// The reply without the history quoted below it — a derived view only: people answer inline or below the quote
/// (freescout#1275, #3006), so the full text is always kept beside it.
/// </summary>
public static partial class QuotedHistory
{
    /// <summary>The line our notifications and replies carry above the quoted text.</summary>
    public const string ReplyAboveMarker = "--- Пишите ответ выше этой строки / reply above this line ---";

    [GeneratedRegex(@"^(\s*-{2,}\s*(Original Message|Original Nachricht|Исходное сообщение|Пересылаемое сообщение|Forwarded message|Messaggio originale|Message d'origine)\s*-{2,}.*"
                    + @"|\s*(On|Am|Le)\s.{5,200}(wrote|schrieb|a écrit)\s*:\s*"
                    + @"|.{0,200}(писал|написал|пишет|написала)(\(а\))?\s*:\s*"
                    + @"|\s*(From|От|Von|De):\s.+@.+"
                    + @"|\s*_{20,}\s*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    public static string Strip(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var cut = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(ReplyAboveMarker, StringComparison.Ordinal) || Separator().IsMatch(lines[i]))
            {
                cut = i;
                break;
            }
        }
        // A block of "> " lines at the end is the quote too.
        while (cut > 0 && (lines[cut - 1].TrimStart().StartsWith('>') || lines[cut - 1].Trim().Length == 0)) cut--;
        var reply = string.Join('\n', lines.Take(cut)).Trim();
        return reply.Length == 0 ? text.Trim() : reply;
    }
}
