using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackOffice.Tests.Support.FakeOneC;

/// <summary>What the fake does to a request instead of (or after) answering it.</summary>
public enum FakeFailure
{
    /// <summary>HTTP 500 with odata.error code -1, as 1C answers an internal error.</summary>
    Error500,
    /// <summary>Holds the request far past any client timeout; nothing is done.</summary>
    Stall,
    /// <summary>Closes the connection without an answer; nothing is done.</summary>
    Drop,
    /// <summary>Does the work (a write is saved), then closes the connection: the client never learns it succeeded.</summary>
    LoseAnswer,
    /// <summary>HTTP 200 with an HTML login page, as a web server in front of 1C does when it wants a login.</summary>
    HtmlLoginPage,
    /// <summary>HTTP 401 whatever the credentials.</summary>
    Unauthorized,
    /// <summary>HTTP 200 labelled JSON whose body is not JSON.</summary>
    NotJson,
    /// <summary>HTTP 200 with no body at all, as a misrouted proxy answers.</summary>
    Empty,
}

/// <summary>
/// A stand-in for the 1C:Enterprise standard OData interface over real HTTP on a loopback port (Kestrel): entity sets
/// with Cyrillic names, <c>guid'…'</c> keys, $filter/$top/$skip/$select, 201 with the entity on POST, PATCH that
/// replaces a tabular section whole and refuses rows without LineNumber, document numbers unique per year (a duplicate
/// answers 500 «Значение поля "Номер" не уникально»), Int64 values as strings, composite references with _Type, Basic
/// auth with UTF-8 credentials, odata.error bodies. Told to, it fails: <see cref="FailNext"/>, <see cref="FailEveryNth"/>,
/// <see cref="Latency"/>.
/// </summary>
public sealed class FakeOneCServer : IAsyncDisposable
{
    public const string PathBase = "/bp/odata/standard.odata/";
    const string JsonType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";

    readonly WebApplication _app;
    readonly object _gate = new();
    readonly Dictionary<string, List<JsonObject>> _sets = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> _log = new();
    readonly List<(FakeFailure Failure, string? Method, string? Entity, int Left)> _rules = [];
    readonly List<(string Method, string Entity, Action<FakeOneCServer> Action)> _before = [];
    long _requests, _autoNumber;

    public string User { get; }
    public string Password { get; }
    public string BaseUrl { get; }

    /// <summary>Added before every request is handled.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every Nth request answers 500 (0: never).</summary>
    public int FailEveryNth { get; set; }

    public TimeSpan StallFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Fields returned as composite references (value + _Type) when the writer sent no type.</summary>
    public static readonly string[] CompositeFields = ["ДокументОснование"];

    /// <summary>Fields of type Int64, which 1C returns as JSON strings.</summary>
    public static readonly string[] Int64Fields = ["LineNumber", "КратностьВзаиморасчетов"];

    FakeOneCServer(WebApplication app, string user, string password, string baseUrl)
    {
        (_app, User, Password, BaseUrl) = (app, user, password, baseUrl);
    }

    public static async Task<FakeOneCServer> StartAsync(string user = "Обмен", string password = "Пароль-1С", params string[] published)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        FakeOneCServer? fake = null;
        app.Run(ctx => fake!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeOneCServer(app, user, password, address.TrimEnd('/') + PathBase);
        foreach (var set in published.Length > 0 ? published : DefaultSets) fake.Publish(set);
        return fake;
    }

    public static readonly string[] DefaultSets =
    [
        "Catalog_Контрагенты", "Catalog_ДоговорыКонтрагентов", "Catalog_Номенклатура", "Catalog_Организации",
        "Document_СчетНаОплатуПокупателю", "Document_РеализацияТоваровУслуг",
    ];

    public void Publish(string set)
    {
        lock (_gate) _sets.TryAdd(set, []);
    }

    public void Unpublish(string set)
    {
        lock (_gate) _sets.Remove(set);
    }

    public long Requests => Interlocked.Read(ref _requests);
    public IReadOnlyList<string> Log => _log.ToArray();

    /// <summary>The next <paramref name="times"/> requests that fit (method, entity set) fail this way.</summary>
    public void FailNext(FakeFailure failure, int times = 1, string? method = null, string? entity = null)
    {
        lock (_gate) _rules.Add((failure, method, entity, times));
    }

    /// <summary>Runs <paramref name="action"/> just before the next request that fits is handled (a 1C user acting in between).</summary>
    public void BeforeNext(string method, string entity, Action<FakeOneCServer> action)
    {
        lock (_gate) _before.Add((method, entity, action));
    }

    public void ClearFailures()
    {
        lock (_gate) _rules.Clear();
        FailEveryNth = 0;
    }

    /// <summary>Seeds an object as 1C users would have made it; returns its Ref_Key.</summary>
    public Guid Add(string set, JsonObject entity)
    {
        lock (_gate)
        {
            var stored = Normalise(set, (JsonObject)entity.DeepClone(), isNew: true);
            _sets[set].Add(stored);
            return Guid.Parse(stored["Ref_Key"]!.GetValue<string>());
        }
    }

    /// <summary>Copies of what the set holds now.</summary>
    public IReadOnlyList<JsonObject> All(string set)
    {
        lock (_gate) return _sets.TryGetValue(set, out var rows) ? rows.Select(r => (JsonObject)r.DeepClone()).ToList() : [];
    }

    public JsonObject? Find(string set, Guid key) => All(set).FirstOrDefault(r => KeyOf(r) == key);

    /// <summary>Changes an object behind the integration's back (as a 1C user would).</summary>
    public void Change(string set, Guid key, Action<JsonObject> change)
    {
        lock (_gate) change(_sets[set].First(r => KeyOf(r) == key));
    }

    /// <summary>Changes every object of a set at once (a bench moving its documents out of the way).</summary>
    public void ChangeAll(string set, Action<JsonObject> change)
    {
        lock (_gate) _sets[set].ForEach(change);
    }

    static Guid KeyOf(JsonObject r) => Guid.Parse(r["Ref_Key"]!.GetValue<string>());

    async Task HandleAsync(HttpContext ctx)
    {
        try
        {
            await HandleCoreAsync(ctx);
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            await WriteAsync(ctx, Reply.Error(500, "fake", "The fake 1C failed: " + e)); // a bug in the fake, shown where the test reads it
        }
    }

    async Task HandleCoreAsync(HttpContext ctx)
    {
        var n = Interlocked.Increment(ref _requests);
        var path = ctx.Request.Path.Value ?? "";
        var method = ctx.Request.Method;
        _log.Enqueue($"{method} {Uri.UnescapeDataString(path)}{Uri.UnescapeDataString(ctx.Request.QueryString.Value ?? "")}");
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency);

        if (!path.StartsWith(PathBase, StringComparison.Ordinal))
        {
            await WriteAsync(ctx, Reply.Html(404, "<html><body>Not found</body></html>"));
            return;
        }
        var resource = path[PathBase.Length..];
        var (set, key) = ParseResource(resource);

        var failure = TakeFailure(method, set, n);
        switch (failure)
        {
            case FakeFailure.Stall:
                try { await Task.Delay(StallFor, ctx.RequestAborted); } catch (OperationCanceledException) { }
                return;
            case FakeFailure.Drop:
                ctx.Abort();
                return;
            case FakeFailure.Error500:
                await WriteAsync(ctx, Reply.Error(500, "-1", "Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале."));
                return;
            case FakeFailure.HtmlLoginPage:
                await WriteAsync(ctx, Reply.Html(200, "<!DOCTYPE html><html><head><title>1С:Предприятие</title></head><body><form>Пользователь: <input name=\"user\"/> Пароль: <input type=\"password\"/></form></body></html>"));
                return;
            case FakeFailure.Unauthorized:
                await WriteAsync(ctx, Reply.Unauthorized());
                return;
            case FakeFailure.NotJson:
                await WriteAsync(ctx, new Reply(200, JsonType, "Сервис временно недоступен, повторите запрос позже", null));
                return;
            case FakeFailure.Empty:
                await WriteAsync(ctx, new Reply(200, null, "", null));
                return;
        }

        if (!Authorised(ctx.Request.Headers.Authorization.ToString()))
        {
            await WriteAsync(ctx, Reply.Unauthorized());
            return;
        }

        Action<FakeOneCServer>? before = null;
        lock (_gate)
        {
            var i = _before.FindIndex(b => b.Method == method && b.Entity == set);
            if (i >= 0)
            {
                before = _before[i].Action;
                _before.RemoveAt(i);
            }
        }
        before?.Invoke(this);

        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        Reply reply;
        lock (_gate) reply = Process(method, set, key, ctx.Request.Query, body);

        if (failure == FakeFailure.LoseAnswer)
        {
            ctx.Abort();
            return;
        }
        await WriteAsync(ctx, reply);
    }

    FakeFailure? TakeFailure(string method, string set, long n)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var r = _rules[i];
                if ((r.Method is null || r.Method == method) && (r.Entity is null || r.Entity == set))
                {
                    if (r.Left <= 1) _rules.RemoveAt(i);
                    else _rules[i] = r with { Left = r.Left - 1 };
                    return r.Failure;
                }
            }
        }
        return FailEveryNth > 0 && n % FailEveryNth == 0 ? FakeFailure.Error500 : null;
    }

    bool Authorised(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())) == $"{User}:{Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    static (string Set, Guid? Key) ParseResource(string resource)
    {
        var open = resource.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return (resource, null);
        var inside = resource[(open + 1)..].TrimEnd(')');
        if (inside.StartsWith("guid'", StringComparison.Ordinal) && inside.EndsWith('\'') && Guid.TryParse(inside[5..^1], out var key))
            return (resource[..open], key);
        return (resource[..open], Guid.Empty);
    }

    Reply Process(string method, string set, Guid? key, IQueryCollection query, string body)
    {
        if (!_sets.TryGetValue(set, out var rows))
            return Reply.Error(404, "8", $"Не найден тип сущности {set}");
        if (key == Guid.Empty)
            return Reply.Error(400, "6", "Неправильный формат URL");

        if (method == "GET" && key is null)
        {
            FakeOneCFilter filter;
            try
            {
                filter = FakeOneCFilter.Parse(query["$filter"]);
            }
            catch (FakeOneCFilter.ParseError e)
            {
                return Reply.Error(400, "14", e.Message);
            }
            IEnumerable<JsonObject> found = rows.Where(filter.Matches);
            if (int.TryParse(query["$skip"], out var skip)) found = found.Skip(skip);
            if (int.TryParse(query["$top"], out var top)) found = found.Take(top);
            var select = query["$select"].ToString();
            var list = new JsonArray(found.Select(r => (JsonNode)Select(r, select)).ToArray());
            return Reply.Json(200, new JsonObject { ["odata.metadata"] = $"{BaseUrl}$metadata#{set}", ["value"] = list });
        }

        var existing = key is { } k ? rows.FirstOrDefault(r => KeyOf(r) == k) : null;
        if (key is not null && existing is null)
            return Reply.Error(404, "9", "Не найден экземпляр сущности");

        switch (method)
        {
            case "GET":
                return Reply.Json(200, WithMetadata(set, existing!));
            case "POST" when key is null:
            {
                if (Parse(body) is not { } entity) return Reply.Error(400, "2", "Неправильный формат запроса");
                if (MissingLineNumber(entity) is { } error) return error;
                if (entity["Ref_Key"] is not null && Guid.TryParse(entity["Ref_Key"]!.ToString(), out var given) && rows.Any(r => KeyOf(r) == given))
                    return Reply.Error(400, "15", "Сущность с таким ключом уже существует");
                var stored = Normalise(set, entity, isNew: true);
                if (Duplicate(set, rows, stored, null)) return DuplicateNumber();
                rows.Add(stored);
                return Reply.Json(201, WithMetadata(set, stored), $"{BaseUrl}{Uri.EscapeDataString(set)}(guid'{stored["Ref_Key"]}')");
            }
            case "PATCH" when existing is not null:
            {
                if (Parse(body) is not { } changes) return Reply.Error(400, "2", "Неправильный формат запроса");
                if (MissingLineNumber(changes) is { } error) return error;
                var updated = (JsonObject)existing.DeepClone();
                foreach (var (name, value) in changes)
                    if (name is not "Ref_Key" && !name.Contains('@', StringComparison.Ordinal)) updated[name] = value?.DeepClone();
                updated = Normalise(set, updated, isNew: false);
                if (Duplicate(set, rows, updated, existing)) return DuplicateNumber();
                rows[rows.IndexOf(existing)] = updated;
                return Reply.Json(200, WithMetadata(set, updated));
            }
            case "DELETE" when existing is not null:
                rows.Remove(existing);
                return new Reply(204, null, "", null);
            default:
                return Reply.Error(405, "19", "Метод HTTP не разрешен для данного ресурса");
        }
    }

    static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static Reply? MissingLineNumber(JsonObject entity)
    {
        foreach (var (_, value) in entity)
            if (value is JsonArray section && section.OfType<JsonObject>().Any(row => row["LineNumber"] is null))
                return Reply.Error(500, "-1", "Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.");
        return null;
    }

    static Reply DuplicateNumber() => Reply.Error(500, "-1", "Значение поля \"Номер\" не уникально");

    static bool Duplicate(string set, List<JsonObject> rows, JsonObject doc, JsonObject? self)
    {
        if (!set.StartsWith("Document_", StringComparison.Ordinal)) return false;
        var number = doc["Number"]?.ToString();
        var year = Year(doc);
        return rows.Any(r => !ReferenceEquals(r, self) && r["Number"]?.ToString() == number && Year(r) == year);
    }

    static int Year(JsonObject doc) =>
        DateTime.TryParse(doc["Date"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.Year : 1;

    JsonObject Normalise(string set, JsonObject e, bool isNew)
    {
        if (isNew)
        {
            e["Ref_Key"] ??= Guid.NewGuid().ToString();
            e["DeletionMark"] ??= false;
            if (set.StartsWith("Document_", StringComparison.Ordinal))
            {
                e["Date"] ??= "0001-01-01T00:00:00";
                e["Posted"] ??= false;
                if (string.IsNullOrEmpty(e["Number"]?.ToString()))
                    e["Number"] = "0000-" + Interlocked.Increment(ref _autoNumber).ToString("000000", CultureInfo.InvariantCulture);
                foreach (var field in CompositeFields)
                    if (!e.ContainsKey(field)) { e[field] = ""; e[field + "_Type"] = "StandardODATA.Undefined"; }
            }
        }
        e["DataVersion"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()[..8]);
        foreach (var (_, value) in e.ToList())
            if (value is JsonArray section)
                foreach (var row in section.OfType<JsonObject>())
                    Int64AsString(row);
        Int64AsString(e);
        return e;
    }

    static void Int64AsString(JsonObject o)
    {
        foreach (var field in Int64Fields)
            if (o[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number) o[field] = v.ToJsonString();
    }

    static JsonObject Select(JsonObject row, string select)
    {
        if (string.IsNullOrWhiteSpace(select) || select == "*") return (JsonObject)row.DeepClone();
        var picked = new JsonObject();
        foreach (var name in select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (row[name] is { } value) picked[name] = value.DeepClone();
        return picked;
    }

    JsonObject WithMetadata(string set, JsonObject row)
    {
        var copy = new JsonObject { ["odata.metadata"] = $"{BaseUrl}$metadata#{set}/@Element" };
        foreach (var (name, value) in row) copy[name] = value?.DeepClone();
        return copy;
    }

    static async Task WriteAsync(HttpContext ctx, Reply reply)
    {
        ctx.Response.StatusCode = reply.Status;
        if (reply.ContentType is not null) ctx.Response.ContentType = reply.ContentType;
        if (reply.Location is not null) ctx.Response.Headers.Location = reply.Location;
        if (reply.Status == 401) ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"1C\"";
        if (reply.Body.Length > 0) await ctx.Response.WriteAsync(reply.Body, Encoding.UTF8);
    }

    sealed record Reply(int Status, string? ContentType, string Body, string? Location)
    {
        static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static Reply Json(int status, JsonObject body, string? location = null) => new(status, JsonType, body.ToJsonString(Options), location);

        public static Reply Error(int status, string code, string message) => Json(status, new JsonObject
        {
            ["odata.error"] = new JsonObject { ["code"] = code, ["message"] = new JsonObject { ["lang"] = "ru", ["value"] = message } },
        });

        public static Reply Html(int status, string html) => new(status, "text/html; charset=utf-8", html, null);

        public static Reply Unauthorized() => new(401, "text/html; charset=utf-8", "<html><body>401 Unauthorized</body></html>", null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(2).ToCancellationToken());
        await _app.DisposeAsync();
    }
}

static class TimeSpanExtensions
{
    public static CancellationToken ToCancellationToken(this TimeSpan span) => new CancellationTokenSource(span).Token;
}
