using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Tnef;
using MimeKit.Utils;

namespace BackOffice.Tickets.Mail;

/// <summary>
/// Reads one raw message the way the intake takes it. Never throws on content: a message that is not MIME at all
/// becomes its bytes as text, with what had to be repaired listed in <see cref="ParsedMail.Repairs"/>.
/// </summary>
public static class MailParser
{
    static MailParser() => TextDecoding.EnsureCodePages();

    public static ParsedMail ParseFile(string path) => Parse(File.ReadAllBytes(path));

    public static ParsedMail Parse(byte[] raw)
    {
        var repairs = new List<string>();
        var bytes = RawMailRepair.Repair(raw, repairs);
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Looser;
        options.ParameterComplianceMode = RfcComplianceMode.Looser;
        options.Rfc2047ComplianceMode = RfcComplianceMode.Looser;
        options.AllowAddressesWithoutDomain = true;
        options.AllowUnquotedCommasInAddresses = true;
        options.CharsetEncoding = HeaderFallbackEncoding(bytes, repairs);

        MimeMessage message;
        try
        {
            message = MimeMessage.Load(options, new MemoryStream(bytes, writable: false));
        }
        catch (FormatException e)
        {
            repairs.Add($"not a MIME message ({e.Message}): the whole of it is kept as text");
            var (text, _) = TextDecoding.Decode(raw, null);
            return new ParsedMail { Text = text, Reply = text, Repairs = repairs };
        }
        return FromMessage(message, repairs);
    }

    internal static ParsedMail FromMessage(MimeMessage message, List<string> repairs)
    {
        var body = new BodyCollector(repairs);
        if (message.Body is not null) body.Walk(message.Body);
        // Where both exist the HTML is what the sender saw and wrote (Outlook's plain part is often a lossy copy).
        var text = body.Html is { } html ? HtmlText.ToText(html) : body.Text.ToString().TrimEnd();
        text = text.Normalize(NormalizationForm.FormC);

        var from = message.From.Mailboxes.FirstOrDefault();
        var fromAddress = from?.Address is { Length: > 0 } a ? a : RawFromAddress(message);
        var subject = CleanSubject(EncodedWords.DecodeLeftovers(message.Subject ?? ""));
        var (automatic, reason) = AutomaticMail.Detect(message, fromAddress, subject, text);
        return new ParsedMail
        {
            From = fromAddress,
            FromName = string.IsNullOrWhiteSpace(from?.Name) ? null : from.Name.Normalize(NormalizationForm.FormC).Trim(),
            To = message.To.Mailboxes.Select(m => m.Address).ToList(),
            Cc = message.Cc.Mailboxes.Select(m => m.Address).ToList(),
            ReplyTo = message.ReplyTo.Mailboxes.Select(m => m.Address).ToList(),
            Subject = subject,
            Date = message.Headers[HeaderId.Date] is { } d && DateUtils.TryParse(d, out var date) ? date : null,
            MessageId = MessageIdOf(message),
            InReplyTo = message.InReplyTo is { Length: > 0 } irt ? irt : null,
            References = message.References.ToList(),
            IsAutomatic = automatic,
            AutomaticReason = reason,
            SuppressAutoReply = AutomaticMail.SuppressesAutoReply(message),
            Text = text,
            Reply = QuotedHistory.Strip(text),
            Html = body.Html is { } h ? HtmlText.Sanitize(h) : null,
            Attachments = body.Attachments,
            Repairs = repairs,
        };
    }

    /// <summary>Raw 8-bit headers: UTF-8 when they are, else the code page their bytes point to (MimeKit's last resort is Latin-1).</summary>
    static Encoding HeaderFallbackEncoding(byte[] bytes, List<string> repairs)
    {
        var end = IndexOfBlankLine(bytes);
        var header = bytes.AsSpan(0, end).ToArray();
        if (!header.Any(b => b >= 0x80) || TextDecoding.IsValidUtf8(header)) return Encoding.UTF8;
        var (_, charset) = TextDecoding.Decode(header, null);
        repairs.Add($"raw 8-bit headers read as {charset}");
        return TextDecoding.Resolve(charset) ?? Encoding.Latin1;
    }

    static int IndexOfBlankLine(byte[] b)
    {
        for (var i = 1; i < b.Length; i++)
            if (b[i] == '\n' && (b[i - 1] == '\n' || (b[i - 1] == '\r' && i >= 2 && b[i - 2] == '\n'))) return i;
        return b.Length;
    }

    static string? MessageIdOf(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId)) return message.MessageId.Trim();
        // "Message-Id: abc@host" without angle brackets: MimeKit gives nothing, the header still names the message.
        var raw = message.Headers[HeaderId.MessageId]?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(raw) ? null : raw;
    }

    static string? RawFromAddress(MimeMessage message)
    {
        var raw = message.Headers[HeaderId.From]?.Trim();
        return string.IsNullOrEmpty(raw) ? null : raw;
    }

    /// <summary>Decoded subject on one line; control characters and undecodable leftovers dropped.</summary>
    public static string CleanSubject(string subject)
    {
        var sb = new StringBuilder(subject.Length);
        var run = new StringBuilder();
        foreach (var c in subject.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c))
            {
                run.Append(c);
                continue;
            }
            if (char.IsControl(c) || c == '\uFFFD') continue;
            if (run.Length > 0 && sb.Length > 0)
                // Spaces the sender typed stay; a folded line break (with its tab) is one space.
                sb.Append(run.ToString().All(ch => ch == ' ') ? run.ToString() : " ");
            run.Clear();
            sb.Append(c);
        }
        return sb.ToString();
    }

    sealed class BodyCollector(List<string> repairs)
    {
        public StringBuilder Text { get; } = new();
        public string? Html { get; private set; }
        public List<MailAttachment> Attachments { get; } = [];

        public void Walk(MimeEntity entity)
        {
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart) Walk(child);
                    break;
                case MessagePart attached:
                    AddMessage(attached);
                    break;
                case TnefPart tnef:
                    AddTnef(tnef);
                    break;
                case TextPart part when !part.IsAttachment && (part.IsPlain || part.IsHtml):
                    var (decoded, charset) = Decode(part);
                    if (part.IsHtml)
                    {
                        if (Html is null) Html = decoded;
                        else if (part.ContentType.Charset is null) repairs.Add("a second HTML part ignored as an alternative");
                    }
                    else
                    {
                        var (rest, files) = UuEncoding.Extract(decoded);
                        foreach (var (name, content) in files)
                        {
                            Attachments.Add(new MailAttachment(SafeName(name), "application/octet-stream", content.Length) { Content = content });
                            repairs.Add($"uuencoded {name} taken out of the text");
                        }
                        if (Text.Length > 0) Text.Append("\n\n");
                        Text.Append(rest);
                    }
                    if (!string.Equals(charset, part.ContentType.Charset, StringComparison.OrdinalIgnoreCase) && !(charset == "us-ascii" && part.ContentType.Charset is null))
                        repairs.Add($"{part.ContentType.MimeType} declared {part.ContentType.Charset ?? "no charset"}, read as {charset}");
                    break;
                case MimePart part:
                    AddPart(part);
                    break;
            }
        }

        static (string Text, string Charset) Decode(TextPart part)
        {
            var bytes = DecodedBytes(part);
            return TextDecoding.Decode(bytes, part.ContentType.Charset);
        }

        static byte[] DecodedBytes(MimePart part)
        {
            if (part.Content is null) return [];
            using var ms = new MemoryStream();
            part.Content.DecodeTo(ms);
            return ms.ToArray();
        }

        void AddPart(MimePart part)
        {
            var content = DecodedBytes(part);
            if (content.Length == 0 && part.ContentTransferEncoding == ContentEncoding.UUEncode && part.Content is not null)
            {
                using var encoded = new MemoryStream();
                part.Content.WriteTo(encoded);
                content = UuEncoding.DecodeLines(Encoding.ASCII.GetString(encoded.ToArray()));
                repairs.Add($"uuencoded part {part.FileName} without a begin line decoded");
            }
            Attachments.Add(new MailAttachment(FileNameOf(part), part.ContentType.MimeType.ToLowerInvariant(), content.Length)
            {
                Content = content,
                ContentId = part.ContentId,
            });
        }

        void AddMessage(MessagePart attached)
        {
            using var ms = new MemoryStream();
            attached.Message?.WriteTo(ms);
            var name = attached.ContentDisposition?.FileName ?? attached.ContentType.Name;
            if (string.IsNullOrWhiteSpace(name))
                name = attached.Headers[HeaderId.ContentDescription] is { Length: > 0 } description ? description.Trim()
                    : attached.Message?.Subject is { Length: > 0 } subject ? CleanSubject(subject) : "message";
            if (!name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase)) name += ".eml";
            Attachments.Add(new MailAttachment(SafeName(name), attached.ContentType.MimeType.ToLowerInvariant(), ms.Length) { Content = ms.ToArray() });
        }

        void AddTnef(TnefPart tnef)
        {
            AddPart(tnef);
            try
            {
                var converted = tnef.ConvertToMessage();
                if (Text.Length == 0 && Html is null)
                {
                    foreach (var part in converted.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment))
                        Walk(part);
                }
                foreach (var part in converted.Attachments.OfType<MimePart>()) AddPart(part);
                repairs.Add("winmail.dat (TNEF) unpacked");
            }
            catch (Exception e) when (e is TnefException or FormatException or ArgumentException)
            {
                repairs.Add($"winmail.dat could not be unpacked: {e.Message} (kept as it is)");
            }
        }

        static string FileNameOf(MimePart part)
        {
            var name = EncodedWords.RepairFileName(part);
            if (string.IsNullOrWhiteSpace(name))
            {
                var description = part.Headers[HeaderId.ContentDescription]?.Trim();
                var type = part.ContentType.MimeType.ToLowerInvariant();
                var ext = type is "message/delivery-status" or "message/disposition-notification" or "message/feedback-report" || type.StartsWith("text/", StringComparison.Ordinal)
                    ? ".txt" : "";
                name = !string.IsNullOrEmpty(description) ? description + ext
                    : type == "message/delivery-status" ? "delivery-status.txt"
                    : "file" + ext;
            }
            return SafeName(name.Normalize(NormalizationForm.FormC));
        }

        /// <summary>A file name that cannot climb out of a folder or hide control characters.</summary>
        static string SafeName(string name)
        {
            var cleaned = new string(name.Select(c => c is '/' or '\\' || char.IsControl(c) ? '_' : c).ToArray()).Trim().Trim('.');
            return cleaned.Length == 0 ? "file" : cleaned.Length > 200 ? cleaned[..200] : cleaned;
        }
    }
}
