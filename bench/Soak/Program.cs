using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using BackOffice.Worker.Tests;
using Dapper;

// Issue 14 "Figures to measure": three `backoffice run` instances on one database for --minutes under continuous load —
// invoices published toward a fake 1C that fails one call in ten, mail queued for SMTP, mail delivered to Dovecot,
// statements dropped in the inbox — then every item counted in and out, and each instance's peak memory (VmHWM).
var minutes = double.Parse(Arg("--minutes", "10"), CultureInfo.InvariantCulture);
var instancesWanted = int.Parse(Arg("--instances", "3"), CultureInfo.InvariantCulture);
Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, load average {Load()}");
Console.WriteLine($"{instancesWanted} instances, {minutes} minute(s) of load");

var cluster = new PostgresCluster();
await cluster.InitializeAsync();
var mail = new MailServers();
await mail.InitializeAsync();
var inbox = Directory.CreateTempSubdirectory("backoffice-soak-inbox-").FullName;
var processes = new List<Process>();
try
{
    var cs = await cluster.CreateDatabaseAsync();
    await using var db = BackOffice.Ledger.Database.Db.CreateDataSource(cs);
    await new DemoData(db).LoadAsync();
    await using var oneC = await FakeOneCServer.StartAsync();
    oneC.Latency = TimeSpan.FromMilliseconds(20);
    oneC.FailEveryNth = 10;
    var world = new ClusterWorld(db, oneC, mail, inbox);
    await world.PrepareOneCAsync();
    var box = mail.NewMailbox();
    await mail.DeliverAsync(box, []); // makes the maildir before the instances log in

    var settings = world.Settings(leaseSeconds: 30);
    settings["BackOffice__Jobs__onec-relay__Cron"] = "0/2 * * * * ?";
    settings["BackOffice__Jobs__mail-send__Cron"] = "0/2 * * * * ?";
    settings["BackOffice__Jobs__bank-inbox__Cron"] = "0/5 * * * * ?";
    settings["BackOffice__Jobs__mail-fetch__Cron"] = "0/5 * * * * ?";
    settings["BackOffice__Jobs__desk-tick__Enabled"] = "true";
    settings["BackOffice__Jobs__desk-tick__Cron"] = "0/10 * * * * ?";
    settings["BackOffice__Accounting__Concurrency"] = "2";
    settings["BackOffice__Accounting__BatchSize"] = "100";
    settings["BackOffice__Mail__SmtpBatchSize"] = "50";
    settings["BackOffice__Mail__ImapHost"] = "127.0.0.1";
    settings["BackOffice__Mail__ImapPort"] = box.Port.ToString(CultureInfo.InvariantCulture);
    settings["BackOffice__Mail__ImapSecurity"] = "None";
    settings["BackOffice__Mail__ImapUser"] = box.User;
    settings["BackOffice__Mail__ImapPassword"] = box.Password;
    settings["BackOffice__Scheduler__CheckinIntervalSeconds"] = "5";
    for (var i = 0; i < instancesWanted; i++) processes.Add(WorkerProcess.Start(cs, settings));

    // The load: each second two invoices and two notices; every five seconds a statement paying an earlier invoice and
    // three messages delivered to the support mailbox.
    var clock = Stopwatch.StartNew();
    var published = new List<long>();
    int notices = 0, statements = 0, delivered = 0, tick = 0;
    while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
    {
        Exited(processes);
        published.AddRange(await world.PublishInvoicesAsync(2));
        await world.QueueMailAsync(2);
        notices += 2;
        if (++tick % 5 == 0)
        {
            world.DropStatement(published[statements]);
            statements++;
            await mail.DeliverAsync(box, Enumerable.Range(0, 3).Select(_ => Message(++delivered)));
        }
        if (tick % 60 == 0) Console.WriteLine($"  {clock.Elapsed.TotalMinutes:F0} min: {published.Count} invoices, {notices} notices, {statements} statements, {delivered} messages in; load average {Load()}");
        var next = TimeSpan.FromSeconds(tick) - clock.Elapsed;
        if (next > TimeSpan.Zero) await Task.Delay(next);
    }
    var loadEnd = clock.Elapsed;
    var drain = Stopwatch.StartNew();
    while (drain.Elapsed < TimeSpan.FromMinutes(5) && !(await world.DoneAsync() && await TakenAsync(db) >= delivered))
    {
        Exited(processes);
        await Task.Delay(1000);
    }
    Console.WriteLine($"load ran {loadEnd.TotalMinutes:F1} min; drained {drain.Elapsed.TotalSeconds:F0} s after; load average {Load()}");

    var peaks = processes.Select(p => (Instance: WorkerProcess.InstanceOf(p), PeakMiB: PeakMiB(p.Id))).ToList();
    await using var conn = await db.OpenConnectionAsync();
    var inOneC = world.OneCInvoices();
    var received = world.Received();
    var queuedMail = await conn.ExecuteScalarAsync<long>("select count(*) from outgoing_mail");
    var unsent = await conn.ExecuteScalarAsync<long>("select count(*) from outgoing_mail where sent_at is null");
    var outboxLeft = await conn.ExecuteScalarAsync<long>("select count(*) from outbox where destination = 'onec' and processed_at is null");
    var bankDocuments = await conn.ExecuteScalarAsync<long>("select count(*) from bank_documents");
    var paidByBank = await conn.ExecuteScalarAsync<long>("select count(*) from bank_document_payments");
    var taken = await TakenAsync(db);
    var tickets = await conn.ExecuteScalarAsync<long>("select count(*) from tickets");
    var doubleRuns = await conn.ExecuteScalarAsync<long>("select count(*) from (select 1 from job_runs group by job_name, scheduled_for having count(*) > 1) d");
    var runs = (await conn.QueryAsync<(string Job, long Runs, long Failed)>(
        "select job_name, count(*), count(*) filter (where outcome like 'failed%') from job_runs group by job_name order by job_name")).ToList();
    var byInstance = (await conn.QueryAsync<(string Instance, long Runs)>("select instance, count(*) from job_runs group by instance order by instance")).ToList();

    Console.WriteLine();
    Console.WriteLine("item                      in      out   lost  doubled");
    Row("invoices → 1C", published.Count, inOneC.Count, published.Count - published.Count(n => inOneC.Keys.Any(k => k.EndsWith(n.ToString("000000", CultureInfo.InvariantCulture), StringComparison.Ordinal))), inOneC.Values.Count(c => c > 1));
    Row("outgoing mail → SMTP", queuedMail, received.Count, unsent, received.Values.Sum() - received.Count);
    Row("statements → imported", statements, Directory.EnumerateFiles(Path.Combine(inbox, "processed")).Count(), Directory.EnumerateFiles(inbox).Count(), bankDocuments - statements);
    Row("  payments matched", statements, paidByBank, statements - paidByBank, 0);
    Row("mail in Dovecot → taken", delivered, taken, delivered - taken, 0);
    Console.WriteLine($"outbox items left: {outboxLeft}; tickets opened: {tickets}; rejected statements: {Directory.EnumerateFiles(Path.Combine(inbox, "rejected")).Count()}");
    Console.WriteLine($"1C calls: {oneC.Requests} (one in ten failed on purpose)");
    Console.WriteLine($"job runs: {string.Join(", ", runs.Select(r => $"{r.Job} {r.Runs} ({r.Failed} failed)"))}; firings run twice: {doubleRuns}");
    Console.WriteLine($"runs per instance: {string.Join(", ", byInstance.Select(r => $"{r.Instance} {r.Runs}"))}");
    foreach (var (instance, peak) in peaks) Console.WriteLine($"peak memory (VmHWM) {instance}: {peak:F0} MiB");
}
finally
{
    await WorkerProcess.StopAllAsync(processes);
    await mail.DisposeAsync();
    await cluster.DisposeAsync();
    Directory.Delete(inbox, recursive: true);
}

static void Row(string what, long @in, long @out, long lost, long doubled) =>
    Console.WriteLine($"{what,-22} {@in,6} {@out,8} {lost,6} {doubled,8}");

static async Task<long> TakenAsync(Npgsql.NpgsqlDataSource db)
{
    await using var conn = await db.OpenConnectionAsync();
    return await conn.ExecuteScalarAsync<long>("select count(*) from mail_intake");
}

static byte[] Message(int n) => Encoding.UTF8.GetBytes(
    $"From: Client {n} <client{n}@example.ru>\r\nTo: ok@bit-live.example\r\nSubject: Вопрос {n}\r\n" +
    $"Message-ID: <soak-{n}-{Guid.NewGuid():N}@example.ru>\r\nDate: {DateTimeOffset.UtcNow:R}\r\nMIME-Version: 1.0\r\n" +
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + $"Не работает сервер {n}, помогите.\r\n");

static double PeakMiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static void Exited(IEnumerable<Process> processes)
{
    foreach (var p in processes)
        if (p.HasExited) throw new InvalidOperationException($"instance {p.Id} exited ({p.ExitCode}): {p.StandardError.ReadToEnd()}");
}

static string Load() => File.ReadAllText("/proc/loadavg").Trim();

static string Arg(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
