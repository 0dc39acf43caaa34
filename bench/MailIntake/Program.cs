using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackOffice.Bench.MailIntake;
using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;
using BackOffice.Tickets;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Sla;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

// Issue 11 "Figures to measure": N mixed messages (default 5,000) delivered into a local Dovecot; the intake end to end
// (IMAP fetch, parse, one transaction per message into PostgreSQL, move to Processed) in messages/s, and in the same
// run the floor: MimeKit alone parsing the same messages from disk (and our parser, MimeKit plus repairs and detection).
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var count = args.SkipWhile(a => a != "--messages").Skip(1).Select(int.Parse).FirstOrDefault(5_000);
Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");

var folder = Directory.CreateTempSubdirectory("mail-intake-bench-");
var cluster = new PostgresCluster();
var servers = new MailServers();
try
{
    var samples = Directory.GetFiles(SampleFiles.SamplesFolder("mail")).Where(f => !f.EndsWith(".yml") && !f.EndsWith(".md")).Order().ToArray();
    var generator = new MixedMail(clients: 1_000);
    var files = new List<string>();
    long bytes = 0;
    for (var i = 0; i < count; i++)
    {
        var raw = generator.Next(i, samples);
        var path = Path.Combine(folder.FullName, $"{i:D6}.eml");
        File.WriteAllBytes(path, raw);
        files.Add(path);
        bytes += raw.Length;
    }
    Console.WriteLine($"generated {count:N0} messages, {bytes / 1048576.0:0.0} MiB: {string.Join(", ", generator.ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value:N0}"))}");

    // Floor, same run: MimeKit alone and our parser over the same files from disk (warmed up first).
    foreach (var f in files.Take(300)) { MimeMessage.Load(f); MailParser.ParseFile(f); }
    var watch = Stopwatch.StartNew();
    foreach (var f in files) MimeMessage.Load(f);
    var mimeKit = watch.Elapsed;
    watch.Restart();
    foreach (var f in files) MailParser.ParseFile(f);
    var parser = watch.Elapsed;

    await servers.InitializeAsync();
    await cluster.InitializeAsync();
    var cs = await cluster.CreateDatabaseAsync();
    await using var db = Db.CreateDataSource(cs);
    await using (var conn = await db.OpenConnectionAsync())
        await conn.ExecuteAsync("""
            insert into departments (name, email) values ('Техническая поддержка', 'support@company.example');
            insert into clients (first_name, email) select 'Клиент ' || g, 'client' || g || '@clients.example' from generate_series(0, 999) g;
            """);
    var box = servers.NewMailbox();
    watch.Restart();
    await servers.DeliverAsync(box, files.Select(File.ReadAllBytes));
    Console.WriteLine($"delivered into Dovecot in {watch.Elapsed.TotalSeconds:0.0} s (untimed)");

    var options = Options.Create(new MailOptions
    {
        Address = "ok@company.example", ImapHost = "127.0.0.1", ImapPort = box.Port, ImapSecurity = "None", ImapUser = box.User, ImapPassword = box.Password,
    });
    var clock = TimeProvider.System;
    var sla = new SlaClock(Options.Create(new SlaOptions()));
    var taker = new MessageTaker(db, options, clock, new TicketMail(options, sla, new TicketDesk(db, options, clock, sla)));
    var intake = new MailIntake(db, options, taker, NullLogger<MailIntake>.Instance);
    int taken = 0, duplicates = 0;
    watch.Restart();
    while (true)
    {
        var s = await intake.FetchAsync(default);
        taken += s.Taken;
        duplicates += s.Duplicates;
        if (s.Seen == 0) break;
    }
    var end = watch.Elapsed;
    await using (var conn = await db.OpenConnectionAsync())
    {
        var (tickets, messages, queued) = await conn.QuerySingleAsync<(long, long, long)>(
            "select (select count(*) from tickets), (select count(*) from ticket_messages), (select count(*) from outgoing_mail)");
        Console.WriteLine($"intake: {taken:N0} taken, {duplicates:N0} duplicates → {tickets:N0} tickets, {messages:N0} messages, {queued:N0} mails queued; " +
                          $"mailbox now {await servers.CountAsync(box)} (inbox, processed)");
    }
    string Rate(TimeSpan t) => $"{t.TotalSeconds:0.00} s, {count / t.TotalSeconds:N0} messages/s";
    Console.WriteLine($"floor   MimeKit.Load from disk     {Rate(mimeKit)}");
    Console.WriteLine($"parser  MailParser (MimeKit + repairs, charset detection, HTML→text, sanitiser)  {Rate(parser)}");
    Console.WriteLine($"intake  IMAP → parse → PostgreSQL → move, end to end  {Rate(end)}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio   intake / MimeKit alone = {end / mimeKit:0.0}×; intake / our parser = {end / parser:0.0}× (the cost of IMAP and the database)"));
    Console.WriteLine($"load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await servers.DisposeAsync();
    await cluster.DisposeAsync();
    folder.Delete(recursive: true);
}
