using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace BackOffice.Tickets.Mail;

/// <summary>HTML mail for staff: the text they read (derived) and the HTML kept sanitised (no scripts, no remote tricks).</summary>
public static class HtmlText
{
    static readonly HtmlParser Parser = new();

    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "table", "tr", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "section", "article", "header", "footer", "address",
    };

    static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title", "noscript", "template" };

    // Built once: making a sanitizer costs more than sanitising a message (measured by bench/MailIntake).
    static readonly HtmlSanitizer Sanitizer = MakeSanitizer();

    static HtmlSanitizer MakeSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }

    public static string Sanitize(string html) => Sanitizer.Sanitize(html).Trim();

    public static string ToText(string html)
    {
        var document = Parser.ParseDocument(html);
        var sb = new StringBuilder();
        Walk(document.Body ?? (INode)document, sb);
        return Tidy(sb.ToString());
    }

    static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    var t = CollapseSpaces(text.Data);
                    if (t.Length > 0) sb.Append(t);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement element when element.LocalName == "br":
                    sb.Append('\n');
                    break;
                case IElement element when element.LocalName is "td" or "th":
                    Walk(element, sb);
                    sb.Append('\t');
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    sb.Append('\n');
                    if (element.LocalName == "li") sb.Append("• ");
                    if (element.LocalName == "blockquote")
                    {
                        var inner = new StringBuilder();
                        Walk(element, inner);
                        foreach (var line in Tidy(inner.ToString()).Split('\n')) sb.Append("> ").Append(line).Append('\n');
                    }
                    else Walk(element, sb);
                    sb.Append('\n');
                    break;
                case IElement element:
                    Walk(element, sb);
                    break;
            }
        }
    }

    static string CollapseSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (!space) sb.Append(' ');
                space = true;
            }
            else
            {
                sb.Append(c == '\u00A0' ? ' ' : c);
                space = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>Trims each line and keeps at most one blank line in a row.</summary>
    public static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim(' ', '\t'));
        var sb = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (sb.Length > 0 && ++blank == 1) sb.Append('\n');
                continue;
            }
            blank = 0;
            sb.Append(line).Append('\n');
        }
        return sb.ToString().Trim();
    }
}
