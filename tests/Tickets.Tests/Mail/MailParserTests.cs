using System.Text;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Mail;

namespace BackOffice.Tickets.Tests.Mail;

/// <summary>What real mailboxes hold and strict parsers lose, each fed as bytes.</summary>
public sealed class MailParserTests
{
    static MailParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static byte[] Bytes(params object[] pieces)
    {
        var ms = new MemoryStream();
        foreach (var p in pieces)
        {
            var b = p switch { string s => Encoding.ASCII.GetBytes(s.Replace("\n", "\r\n")), byte[] raw => raw, _ => throw new ArgumentException() };
            ms.Write(b);
        }
        return ms.ToArray();
    }

    static byte[] Enc(string codePage, string text) => Encoding.GetEncoding(codePage).GetBytes(text.Replace("\n", "\r\n"));

    const string Russian = "Здравствуйте! Прошу увеличить дисковое пространство на пять гигабайт, оплату произведём сегодня.";

    [Fact]
    public void Sample_values_beyond_the_table()
    {
        var uu = MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail078-content_transfer_encoding_x_uuencode.box"));
        Assert.Equal("Hello Zammad", Encoding.ASCII.GetString(uu.Attachments.Single(a => a.FileName == "PGP_Cmts_on_12-14-01_Pkg.txt").Content));
        var inline = MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail048.box")).Attachments.Single();
        Assert.Equal("485376C9-2486-4351-B932-E2010998F579@home", inline.ContentId);
        Assert.Null(MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail107.box")).MessageId);
        Assert.Null(MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail011.box")).MessageId);
        var html = MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail006.box")).Html!;
        Assert.Contains("this is a test", html);
        var spam = MailParser.ParseFile(SampleFiles.Sample("mail", "zammad__mail021.box"));
        Assert.Contains("Это сообщение свободно от вирусов", spam.Text);
    }

    [Fact]
    public void Text_that_is_not_MIME_is_kept_whole()
    {
        var garbage = Encoding.UTF8.GetBytes("это вообще не письмо\n\u0001\u0002 просто байты без заголовков\n");
        var mail = MailParser.Parse(garbage);
        Assert.Contains("просто байты без заголовков", mail.Text);
        Assert.Null(mail.From);
        Assert.Null(mail.MessageId);

        var binary = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256)).ToArray();
        var parsed = MailParser.Parse(binary);
        Assert.NotNull(parsed);
    }

    [Fact]
    public void A_header_of_100_KB_does_not_hide_the_rest()
    {
        var huge = "X-Junk: " + string.Join("\n ", Enumerable.Repeat(new string('x', 70), 1500)) + "\n";
        Assert.True(huge.Length > 100_000);
        var mail = MailParser.Parse(Bytes("From: Иван <ivan@client.example>\nSubject: test big header\n", huge, "Message-ID: <big@client.example>\n\nBody after a huge header\n"));
        Assert.Equal("ivan@client.example", mail.From);
        Assert.Equal("test big header", mail.Subject);
        Assert.Equal("big@client.example", mail.MessageId);
        Assert.Equal("Body after a huge header", mail.Text);
    }

    [Fact]
    public void A_subject_of_only_encoded_garbage_gives_no_control_characters()
    {
        var mail = MailParser.Parse(Bytes("From: a@b.example\nSubject: =?utf-8?B?//79/Pv6+fj39vX08w==?= =?utf-8?Q?=00=01=02=FF?=\n\nbody\n"));
        Assert.DoesNotContain(mail.Subject, c => char.IsControl(c) || c == '\uFFFD');
        Assert.Equal("body", mail.Text);
    }

    [Fact]
    public void Byte_order_mark_CR_only_lines_and_continuations_without_whitespace()
    {
        var raw = Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "From: ivan@client.example\nSubject: first part\nof the subject\nX-Diag: a very long diagnostic\nthat lost its fold\nMessage-ID: <cr@client.example>\n\nline one\nline two\n");
        var crOnly = raw.Where(b => b != '\n').ToArray();
        foreach (var bytes in new[] { raw, crOnly })
        {
            var mail = MailParser.Parse(bytes);
            Assert.Equal("ivan@client.example", mail.From);
            Assert.Equal("first part of the subject", mail.Subject);
            Assert.Equal("cr@client.example", mail.MessageId);
            Assert.Equal("line one\nline two", mail.Text.Replace("\r\n", "\n"));
        }
    }

    [Fact]
    public void Koi8_declared_as_windows_1251_and_undeclared_windows_1251_are_read_right()
    {
        var lying = MailParser.Parse(Bytes("From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n\n", Enc("koi8-r", Russian)));
        Assert.Equal(Russian, lying.Text);
        var undeclared = MailParser.Parse(Bytes("From: a@b.example\nSubject: x\n\n", Enc("windows-1251", Russian)));
        Assert.Equal(Russian, undeclared.Text);
        var latin = MailParser.Parse(Bytes("From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n", Enc("windows-1251", Russian)));
        Assert.Equal(Russian, latin.Text);
        var honest = MailParser.Parse(Bytes("From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n", Enc("iso-8859-1", "Grüße aus München, schöne Woche")));
        Assert.Equal("Grüße aus München, schöne Woche", honest.Text);
    }

    [Fact]
    public void Raw_8bit_headers_and_an_encoded_word_split_inside_a_character()
    {
        var utf8 = Encoding.UTF8.GetBytes("Привет");
        var split = $"=?utf-8?B?{Convert.ToBase64String(utf8[..7])}?= =?utf-8?B?{Convert.ToBase64String(utf8[7..])}?=";
        Assert.Equal("Привет", MailParser.Parse(Bytes("From: a@b.example\nSubject: ", split, "\n\nx\n")).Subject);
        var legacy = MailParser.Parse(Bytes("From: ", Enc("windows-1251", "Иван Петров"), " <ivan@client.example>\nSubject: ", Enc("windows-1251", "Счёт на оплату хостинга"), "\n\nx\n"));
        Assert.Equal("Счёт на оплату хостинга", legacy.Subject);
        Assert.Equal("Иван Петров", legacy.FromName);
        var rawUtf8 = MailParser.Parse(Bytes("From: a@b.example\nSubject: ", Encoding.UTF8.GetBytes("Заявка №5"), "\n\nx\n"));
        Assert.Equal("Заявка №5", rawUtf8.Subject);
    }

    [Theory]
    [InlineData("ks_c_5601-1987", "안녕하세요 고객님")]
    [InlineData("koi8-u", "Добрий день, їжак і ґанок")]
    [InlineData("gb2312", "您好，请帮忙")]
    public void Charsets_known_only_through_the_code_pages_provider(string charset, string text)
    {
        var mail = MailParser.Parse(Bytes($"From: a@b.example\nSubject: =?{charset}?B?{Convert.ToBase64String(Enc(charset, text))}?=\nContent-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n", Enc(charset, text)));
        Assert.Equal(text, mail.Subject);
        Assert.Equal(text, mail.Text);
    }

    [Fact]
    public void Uuencoded_block_in_a_plain_body_becomes_an_attachment()
    {
        var mail = MailParser.Parse(Bytes("From: a@b.example\nSubject: x\n\nSee the file.\nbegin 644 hello.txt\n,2&5L;&\\@6F%M;6%D\n`\nend\nThanks\n"));
        var file = mail.Attachments.Single();
        Assert.Equal("hello.txt", file.FileName);
        Assert.Equal("Hello Zammad", Encoding.ASCII.GetString(file.Content));
        Assert.DoesNotContain("begin 644", mail.Text);
        Assert.Contains("Thanks", mail.Text);
    }

    [Theory]
    [InlineData("Content-Type: multipart/report; report-type=disposition-notification; boundary=b\n\n--b\nContent-Type: text/plain\n\nRead\n--b\nContent-Type: message/disposition-notification\n\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n", "disposition-notification")]
    [InlineData("Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\nContent-Type: text/plain\n\nabuse\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n--b--\n", "feedback-report")]
    [InlineData("List-Id: <news.example.com>\n\nnews\n", "List-Id")]
    [InlineData("X-Autoreply: yes\n\naway\n", "X-Autoreply")]
    [InlineData("Precedence: bulk\n\nbulk\n", "Precedence")]
    [InlineData("Auto-Submitted: auto-replied\n\nrobot\n", "Auto-Submitted")]
    public void Automatic_mail_is_recognised(string rest, string reason)
    {
        var mail = MailParser.Parse(Bytes("From: someone@client.example\nSubject: Re: hello\nMIME-Version: 1.0\n", rest));
        Assert.True(mail.IsAutomatic);
        Assert.Contains(reason, mail.AutomaticReason);
    }

    [Fact]
    public void Quoted_history_is_a_derived_view()
    {
        var mail = MailParser.Parse(Bytes("From: a@b.example\nSubject: Re: x\nContent-Type: text/plain; charset=utf-8\n\n",
            Encoding.UTF8.GetBytes("Спасибо, всё работает.\n\n-----Original Message-----\nFrom: support@company.example\nСтарый текст\n")));
        Assert.Equal("Спасибо, всё работает.", mail.Reply);
        Assert.Contains("Старый текст", mail.Text);
    }
}
