using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BackOffice.Bench.WebPages;
using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;

// The staff's list pages and the client card (issue 15) over HTTP against a real `backoffice run` with the web on, on the
// issue's data set (20,000 clients, 200,000 invoices, 20,000 tickets by default), signed in as an admin (who sees every
// client, the heaviest case). Each page: a warm-up, then N sequential requests, median and 95th percentile; beside them
// two floors measured in the same run: a static file over the same Kestrel and middleware, and /health (one database
// round trip) on the health port. A page that answers 404 does not exist on this branch yet: printed as missing.
var clients = Arg("--clients", 20_000);
var invoices = Arg("--invoices", 200_000);
var tickets = Arg("--tickets", 20_000);
var requests = Arg("--requests", 200);
var warmup = Arg("--warmup", 20);
const string Login = "bench", Password = "Скамейка-запасных-2026";

var cluster = new PostgresCluster();
await cluster.InitializeAsync();
Process? server = null;
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores");
    var connectionString = await cluster.CreateDatabaseAsync();
    await using (var db = Db.CreateDataSource(connectionString))
    {
        var seed = Stopwatch.StartNew();
        await WebData.SeedAsync(db, clients, invoices, tickets);
        Console.WriteLine($"seeded (binary COPY, untimed) in {seed.Elapsed.TotalSeconds:0.0} s: {clients:N0} clients, {invoices:N0} invoices, " +
                          $"{tickets:N0} tickets, {WebData.Statements} statements");
        await BenchStaff.AddAdminAsync(db, Login, Password);
    }

    var (webPort, healthPort) = (FreePort(), FreePort());
    server = Server.Start(connectionString, webPort, healthPort);
    var web = new Uri($"http://127.0.0.1:{webPort}/");
    using var http = Server.Client(web);
    await WorkerProcess.WaitUntilServingAsync(server, new Uri(web, Server.SignInPath.TrimStart('/')).ToString(), []);
    await Server.SignInAsync(http, Login, Password);
    Console.WriteLine($"`backoffice run` (pid {server.Id}) on {web} signed in as {Login} (admin); {warmup} warm-up and {requests} timed requests per page");

    var card = $"/Clients/{WebData.FirstClient + 4242}";
    // The search by ИНН must find exactly that client (WebData.Inn), or it would time an empty page.
    var byInn = "/Clients?q=" + WebData.Inn(4242);
    if (Server.CardLinks(await http.GetStringAsync(byInn)) is not [var found] || found != card)
        throw new InvalidOperationException($"{byInn} does not show client {card} alone.");
    var pages = new (string Name, string Path)[]
    {
        ("/Clients", "/Clients"),
        ("/Clients?q= (name)", "/Clients?q=" + Uri.EscapeDataString("Гранит")),
        ("/Clients?q= (ИНН)", byInn),
        ("/Clients/{id}", card),
        ("/Invoices", "/Invoices"),
        ("/Invoices?overdue=1", "/Invoices?overdue=1"),
        ("/Tickets", "/Tickets"),
        ("/Treasury/Review", "/Treasury/Review"),
        ("/Treasury/Statements", "/Treasury/Statements"),
    };
    var rows = new List<Timing>();
    var css = await Server.StaticFileAsync(http);
    if (css is not null) rows.Add(await Timing.MeasureAsync(http, $"floor: static {css}", new Uri(web, css), warmup, requests));
    rows.Add(await Timing.MeasureAsync(http, "floor: /health (db round trip)", new Uri($"http://127.0.0.1:{healthPort}/health"), warmup, requests));
    foreach (var (name, path) in pages)
        rows.Add(await Timing.MeasureAsync(http, name, new Uri(web, path), warmup, requests));

    Console.WriteLine();
    Console.WriteLine($"{"page",-34} {"status",7} {"median ms",10} {"p95 ms",8} {"max ms",8} {"KiB",7}");
    foreach (var r in rows) Console.WriteLine(r);
    Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    if (server is { HasExited: false })
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
    await cluster.DisposeAsync();
}

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
