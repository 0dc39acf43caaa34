using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BackOffice.Sync.Accounting;

/// <summary>An entity set and the setting that names it, so that a 404 says which key to fix.</summary>
public sealed record EntitySet(string Name, string Setting);

/// <summary>
/// Reads and writes 1C over <see cref="IOneCApi"/>: JSON in, JSON out, every failure one <see cref="OneCException"/>.
/// Reads are retried by the resilience pipeline; writes are not (the relay looks before it writes instead).
/// </summary>
public sealed class OneCClient(IOneCApi api, IOptions<AccountingOptions> options)
{
    static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public AccountingEntities Entities => options.Value.Entities;

    public EntitySet Contractors => new(Entities.Contractors, $"{AccountingOptions.Section}:Entities:Contractors");
    public EntitySet Contracts => new(Entities.Contracts, $"{AccountingOptions.Section}:Entities:Contracts");
    public EntitySet Nomenclature => new(Entities.Nomenclature, $"{AccountingOptions.Section}:Entities:Nomenclature");
    public EntitySet Invoices => new(Entities.Invoice, $"{AccountingOptions.Section}:Entities:Invoice");
    public EntitySet Sales => new(Entities.Sales, $"{AccountingOptions.Section}:Entities:Sales");

    public async Task<IReadOnlyList<JsonObject>> QueryAsync(EntitySet set, string filter, CancellationToken ct, string? select = null,
        int? top = null, int? skip = null)
    {
        var body = await SendAsync(set, () => api.Query(set.Name, filter, select, top, skip, ct), ct);
        return body?["value"] is JsonArray rows ? rows.OfType<JsonObject>().ToList()
            : throw new OneCException(OneCFailureKind.Configuration,
                $"1C answered {set.Name} without a \"value\" list; check {AccountingOptions.Section}:BaseUrl (it must end in /odata/standard.odata/).");
    }

    /// <summary>Null when 1C has no such object (odata.error code 9).</summary>
    public async Task<JsonObject?> GetAsync(EntitySet set, Guid key, CancellationToken ct) =>
        await SendAsync(set, () => api.Get(set.Name, key, ct), ct, missingIsNull: true);

    public async Task<JsonObject> CreateAsync(EntitySet set, JsonObject entity, CancellationToken ct) =>
        await SendAsync(set, () => api.Create(set.Name, Content(entity), ct), ct)
        ?? throw new OneCException(OneCFailureKind.Unavailable, $"1C created a {set.Name} but sent it back empty.");

    public async Task PatchAsync(EntitySet set, Guid key, JsonObject changes, CancellationToken ct) =>
        await SendAsync(set, () => api.Update(set.Name, key, Content(changes), ct), ct, emptyIsFine: true);

    static StringContent Content(JsonObject entity) =>
        new(entity.ToJsonString(Json), Encoding.UTF8, "application/json");

    async Task<JsonObject?> SendAsync(EntitySet set, Func<Task<HttpResponseMessage>> call, CancellationToken ct,
        bool missingIsNull = false, bool emptyIsFine = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await call();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (Transport(e) is { } cause)
        {
            throw cause is BrokenCircuitException
                ? new OneCException(OneCFailureKind.Unavailable, "1C failed too often in a row; calls are paused for a while (circuit open).", inner: e)
                : new OneCException(OneCFailureKind.Unavailable,
                    $"1C did not answer ({(cause is TimeoutRejectedException or TaskCanceledException ? $"no answer within {options.Value.TimeoutSeconds} s" : cause.Message)}).", inner: e);
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new OneCException(OneCFailureKind.Unavailable, $"1C's answer broke off ({e.Message}).", (int)response.StatusCode, inner: e);
            }
            return Read(set, response, text, missingIsNull, emptyIsFine);
        }
    }

    JsonObject? Read(EntitySet set, HttpResponseMessage response, string text, bool missingIsNull, bool emptyIsFine)
    {
        var status = (int)response.StatusCode;
        var media = response.Content.Headers.ContentType?.MediaType ?? "";
        var isJson = media.Contains("json", StringComparison.OrdinalIgnoreCase);
        var baseUrl = $"{AccountingOptions.Section}:BaseUrl";

        if (response.StatusCode is HttpStatusCode.Unauthorized)
            throw new OneCException(OneCFailureKind.Configuration,
                $"1C refused the credentials (HTTP 401): check {AccountingOptions.Section}:User and {AccountingOptions.Section}:Password.", status);
        if (response.StatusCode is HttpStatusCode.Forbidden)
            throw new OneCException(OneCFailureKind.Configuration,
                $"1C forbids {set.Name} to the user {options.Value.User} (HTTP 403): give the user rights to it, or fix {AccountingOptions.Section}:User.", status);

        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = isJson ? ErrorOf(text) : (null, null);
            if (response.StatusCode is HttpStatusCode.NotFound)
            {
                if (code == "9")
                    return missingIsNull ? null : throw new OneCException(OneCFailureKind.Rejected, $"1C has no such {set.Name} (HTTP 404, code 9: «{message}»).", status, code);
                throw new OneCException(OneCFailureKind.Configuration,
                    $"1C does not publish {set.Name} (HTTP 404{(message is null ? "" : $": {message}")}): add it to the standard OData interface's composition, or fix {set.Setting} (and {baseUrl}).",
                    status, code);
            }
            var said = message is null ? $"HTTP {status}" : $"HTTP {status}, code {code}: «{message}»";
            if (message?.Contains("не уникально", StringComparison.OrdinalIgnoreCase) == true)
                throw new OneCException(OneCFailureKind.DuplicateNumber, $"1C refused a duplicate number ({said}).", status, code);
            if (status >= 500 || status is 408 or 429)
                throw new OneCException(OneCFailureKind.Unavailable, $"1C answered with an error ({said}).", status, code);
            throw new OneCException(OneCFailureKind.Rejected, $"1C refused the request ({said}).", status, code);
        }

        if (text.Length == 0)
        {
            if (emptyIsFine) return null;
            throw new OneCException(OneCFailureKind.Configuration,
                $"1C sent an empty answer where JSON was expected (HTTP {status}): check {baseUrl} (it must end in /odata/standard.odata/).", status);
        }
        if (!isJson)
            throw new OneCException(OneCFailureKind.Configuration,
                $"1C sent {(media.Length == 0 ? "an answer without a content type" : media)} where JSON was expected (HTTP {status}, \"{Excerpt(text)}\") — a login page? Check {baseUrl} (it must end in /odata/standard.odata/) and {AccountingOptions.Section}:User/Password.",
                status);
        try
        {
            return JsonNode.Parse(text) as JsonObject
                   ?? throw new OneCException(OneCFailureKind.Unavailable, $"1C's answer is JSON but not an object (\"{Excerpt(text)}\").", status);
        }
        catch (JsonException e)
        {
            throw new OneCException(OneCFailureKind.Unavailable, $"1C's answer is not JSON (\"{Excerpt(text)}\").", status, inner: e);
        }
    }

    /// <summary>The network-level cause of a failed call (Refit wraps it in an ApiRequestException), or null for anything else.</summary>
    static Exception? Transport(Exception e)
    {
        var cause = e is Refit.ApiRequestException { InnerException: { } inner } ? inner : e;
        return cause is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException or BrokenCircuitException ? cause : null;
    }

    static (string? Code, string? Message) ErrorOf(string text)
    {
        try
        {
            var error = JsonNode.Parse(text)?["odata.error"];
            return (OData.String(error, "code"), error?["message"]?["value"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..80] + "…";
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
