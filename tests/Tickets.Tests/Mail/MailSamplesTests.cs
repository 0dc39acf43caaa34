using BackOffice.Tests.Support;
using BackOffice.Tickets.Mail;

namespace BackOffice.Tickets.Tests.Mail;

/// <summary>
/// Every file in tests/Samples/mail gives what its README states; for Zammad's files the sender, subject and attachment
/// names come from the .yml beside it, except where the README marks a Zammad quirk (then the correct reading is the goal).
/// </summary>
public sealed class MailSamplesTests
{
    /// <summary>What the README's table says: sender, automatic or not, and the start of the text staff read.</summary>
    public sealed record Expected(string? From, string? FromName, string Subject, bool Automatic, string TextStart, string[] Attachments);

    static readonly Dictionary<string, Expected> Readme = new()
    {
        ["zammad__mail003.box"] = new(null, null, "", false, "Hallo Martin, ich möchte mich gern für den Beta-Test für die Ticket Templates unter XXXX 2.4 anmelde", []),
        ["zammad__mail006.box"] = new(null, null, "", false, "this is a test Compare Cable, DSL or Satellite plans: As low as $2.95. Test1:– Test2:&", []),
        ["zammad__mail011.box"] = new(null, null, "", false, "Lieber CYLEX Eintragsinhaber, das Jahr neigt sich dem Ende und die besinnliche Zeit beginnt", []),
        // Zammad quirk: it leaves the UTF-7 undecoded; the correct reading is the goal.
        ["zammad__mail018.box"] = new(null, null, "Benachrichtung zum Übermittlungsstatus (Fehlgeschlagen)", true,
            "Dies ist eine automatisch erstellte Benachrichtigung über den Zustellstatus.", []),
        ["zammad__mail021.box"] = new(null, null, "", false, "_____", []),
        ["zammad__mail036.box"] = new(null, null, "", false, "-- don't cry - work! (Rainald Goetz) Gesendet: Mittwoch, 03. Februar 2016 um 12:43 Uhr Von: \"Martin", []),
        ["zammad__mail045.box"] = new(null, null, "", false, "Nouveau message : ============================= Nom: Orberer Prénom: Rémi Téléphone: xxxx", []),
        ["zammad__mail048.box"] = new(null, null, "", false, "Enjoy! -Martin -- Old programmers never die. They just branch to a new address.", []),
        ["zammad__mail053.box"] = new(null, null, "", true, "This is the mail system at host smtp30.relay.dfw1a.example.com. I'm sorry to have to inform you", []),
        ["zammad__mail055.box"] = new(null, null, "", true, "This is the mail system at host mx1.zammad.loc. I'm sorry to have to inform you that your message c", []),
        ["zammad__mail057.box"] = new(null, null, "", false, "----- Original Nachricht ---- Von: example@example.com An: bob@example.com Datum: 30.05.2017 16", []),
        // Zammad quirk: the windows-1258 name read as windows-1252; the correct reading is the goal.
        ["zammad__mail064.box"] = new(null, null, "", false, "Enjoy! -Martin -- Old programmers never die. They just branch to a new address.",
            ["Capture d’écran 2017-12-27 à 12.22.38.jpg"]),
        ["zammad__mail068.box"] = new(null, null, "", false, "Contact form Odeslano dne: Čtvrtek 2. srpna 2018 16:58.28 Uzivatel: Jmeno: Peter E-mail: xxxxx@", []),
        ["zammad__mail072.box"] = new(null, null, "", false, "Bonjour, Je vous contacte suite à ma commande du 14 août 2018 référencée ci-dessus. Je vous remercie", []),
        // Zammad quirk: U+FFFD in the second name; a lenient decoder gives the letter.
        ["zammad__mail073.box"] = new(null, null, "", false, "Enjoy! -Martin -- Old programmers never die. They just branch to a new address.",
            ["Bestellbestätigung_BK18052795.jpg", "Forex Platte ohne Wölbung.jpg"]),
        // Zammad keeps the broken From verbatim ("…"@example.com>); we read the quoted local part and drop the stray '>'.
        // Either way it is no client's address (see the intake tests).
        ["zammad__mail076.box"] = new("\"Millions Lottery Spain transfer\"@example.com", null, "", false, "test spam", []),
        ["zammad__mail078-content_transfer_encoding_x_uuencode.box"] = new(null, null, "", false,
            "Attached are the comments of the Public Generating Pool. -- _________________________________ Lon L. Peters", []),
        ["zammad__mail088.box"] = new(null, null, "", false, "", []),
        ["zammad__mail105.box"] = new(null, null, "", false, "", []),
        ["zammad__mail107.box"] = new(null, null, "", false, "some text", []),
        ["bestpractical__rt__multipart-report"] = new("MAILER-DAEMON@other.example.com", "Mail Delivery Subsystem", "Returned mail: User unknown", true,
            "The original message was received at Sat, 23 Aug 2003 00:15:18 +0800 (SGT) from mx12.mcis.other", []),
        ["bestpractical__rt__outlook-rfc822"] = new("root@localhost", "root@localhost", "msg attachment", false,
            "Could this look more spammy? “Check out the attached file.” 😊", ["Updates to our terms of use.eml"]),
        ["bestpractical__rt__subject-with-folding-ws"] = new("foo@example.com", null, "test", false, "test", []),
        ["bestpractical__rt__very-long-subject"] = new("foo@example.com", null, string.Concat(Enumerable.Repeat("0123456789", 30)), false,
            "This email has a very long subject. Our DB allows you to use subject no longer than 200 chars", []),
        ["jstedfast__MimeKit__bounce.txt"] = new("MAILER-DAEMON@hmail.jitbit.com", "Mail Delivery System", "Undelivered Mail Returned to Sender", true,
            "This is the mail system at host https://urldefense.proofpoint.com/v2/url?u=http-3A__hmail.jitbit.com", []),
        ["jstedfast__MimeKit__delivery-status2.txt"] = new(null, null, "Mail delivery failed: returning message to sender", true,
            "This message was created automatically by mail delivery software. A message that you sent could not", []),
        ["jstedfast__MimeKit__issue358.txt"] = new("jang.abcdef@xyzlinux12345678.it", "jang.abcdef@xyzlinu", "R: R: R: I: FR-selca LA selcaE", false, "Test headers", []),
        ["jstedfast__MimeKit__ukr.eml"] = new("rrtest1@xink.io", "RR Tester 1", "rr test 7", false, "шостий {EMAILSIGNATURE} RR Test 1", ["winmail.dat"]),
        ["sisimai__set-of-emails__lhost-yandex-01.eml"] = new("mailer-daemon@yandex.ru", null, "Недоставленное сообщение", true,
            "********** Это письмо отправлено почтовым сервером yandex.ru. К сожалению, мы вынуждены сообщить", []),
        ["sisimai__set-of-emails__rfc3834-04.eml"] = new("kijitora@example.org", "Kijitora", "Automatic reply: Nyaan", true,
            "***Please stop and read this message.*** I will be traveling for work on July 10-31.", []),
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(SampleFiles.SamplesFolder("mail")).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            if (f is not ("README.md") && !f!.EndsWith(".yml", StringComparison.Ordinal)) data.Add(f);
        return data;
    }

    [Fact]
    public void Every_sample_has_an_expectation()
    {
        var files = Files().Select(r => r.Data).ToList();
        Assert.Equal(30, files.Count);
        Assert.Empty(files.Except(Readme.Keys));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sample_gives_what_its_readme_states(string file)
    {
        var mail = MailParser.ParseFile(SampleFiles.Sample("mail", file));
        var expected = Readme[file];
        string? from = expected.From, fromName = expected.FromName, subject = expected.Subject;
        var attachments = expected.Attachments.ToList();
        var yml = Path.ChangeExtension(SampleFiles.Sample("mail", file), ".yml");
        if (File.Exists(yml))
        {
            var z = ZammadYml.Read(yml);
            from ??= z.FromEmail;
            fromName ??= expected.From is null ? (z.FromDisplayName.Length == 0 ? null : z.FromDisplayName) : null;
            if (subject.Length == 0) subject = z.Subject;
            if (attachments.Count == 0)
                attachments = z.FileNames.Where(n => n is not ("message.html" or "file")).ToList();
        }
        Assert.Equal(from, mail.From);
        Assert.Equal(fromName, mail.FromName);
        Assert.Equal(subject, mail.Subject);
        Assert.True(expected.Automatic == mail.IsAutomatic, $"{file}: isAutomatic {mail.IsAutomatic} ({mail.AutomaticReason})");
        var text = Words(mail.Text);
        Assert.True(text.StartsWith(Words(expected.TextStart), StringComparison.Ordinal), $"{file}: the text starts «{text[..Math.Min(200, text.Length)]}»");
        foreach (var name in attachments)
            Assert.True(mail.Attachments.Any(a => a.FileName == name), $"{file}: no attachment {name} in {string.Join(" | ", mail.Attachments.Select(a => a.FileName))}");
    }

    static string Words(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
