using System.Text;

namespace BackOffice.Bench.MailIntake;

/// <summary>A mixed mailbox: new questions and replies in utf-8, koi8-r declared and undeclared windows-1251, HTML-only mail,
/// attachments, bounces and auto-replies, plus the repository's 30 real-world samples — each message unique.</summary>
sealed class MixedMail(int clients)
{
    readonly Random _random = new(11);
    readonly List<string> _sent = [];
    public Dictionary<string, int> ByKind { get; } = [];

    public byte[] Next(int i, string[] samples)
    {
        var kind = (i % 10) switch
        {
            0 when samples.Length > 0 && i / 10 < samples.Length => "sample",
            0 or 1 or 2 => "utf8",
            3 => "koi8",
            4 => "cp1251-undeclared",
            5 => "html",
            6 => "attachment",
            7 => _sent.Count > 0 ? "reply" : "utf8",
            8 => "bounce",
            _ => "utf8",
        };
        ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
        var client = $"client{_random.Next(clients)}@clients.example";
        var id = $"bench-{i}@clients.example";
        var text = $"Здравствуйте! Обращение {i}: не открывается база 1С «Бухгалтерия», ошибка при входе пользователя {_random.Next(1000)}.\nС уважением, клиент";
        string Head(string extra = "", string? from = null) =>
            $"From: {from ?? client}\r\nTo: ok@company.example\r\nSubject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes($"Вопрос {i}"))}?=\r\n" +
            $"Date: Mon, 23 Nov 2026 09:00:00 +0300\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n{extra}";
        byte[] raw = kind switch
        {
            "sample" => Encoding.ASCII.GetBytes($"X-Bench-Seq: {i}\r\n").Concat(File.ReadAllBytes(samples[i / 10])).ToArray(),
            "utf8" => Bytes(Head("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"), Encoding.UTF8.GetBytes(text)),
            "koi8" => Bytes(Head("Content-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"), Encoding.GetEncoding("koi8-r").GetBytes(text)),
            "cp1251-undeclared" => Bytes(Head("\r\n"), Encoding.GetEncoding("windows-1251").GetBytes(text)),
            "html" => Bytes(Head("Content-Type: text/html; charset=utf-8\r\n\r\n"), Encoding.UTF8.GetBytes($"<html><body><p>{text.Replace("\n", "<br>")}</p><script>x()</script></body></html>")),
            "attachment" => Bytes(Head("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
                Encoding.UTF8.GetBytes(text + $"\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''%D0%B0%D0%BA%D1%82-{i}.pdf\r\n" +
                                       $"Content-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(new byte[20_000], Base64FormattingOptions.InsertLineBreaks)}\r\n--b--\r\n")),
            "reply" => Bytes(Head($"In-Reply-To: <{_sent[_random.Next(_sent.Count)]}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
                Encoding.UTF8.GetBytes("Спасибо, заработало.\n\n> " + text.Replace("\n", "\n> "))),
            _ => Bytes(Head("Auto-Submitted: auto-replied\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.example.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@y.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n", "MAILER-DAEMON@mx.example")),
        };
        if (kind is not ("bounce" or "sample")) _sent.Add(id);
        return raw;
    }

    static byte[] Bytes(string head, byte[]? body = null) => Encoding.ASCII.GetBytes(head).Concat(body ?? []).ToArray();
}
