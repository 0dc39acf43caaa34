using Refit;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// The 1C:Enterprise standard OData interface (v3) under BackOffice:Accounting:BaseUrl. Entity sets are path values, so
/// their Cyrillic names are percent-encoded as UTF-8; answers are read by <see cref="OneCClient"/>, which tells JSON
/// from an HTML login page and turns odata.error bodies into <see cref="OneCException"/>s.
/// </summary>
public interface IOneCApi
{
    [Get("/{entity}?$format=json")]
    Task<HttpResponseMessage> Query(string entity, [AliasAs("$filter")] string? filter, [AliasAs("$select")] string? select,
        [AliasAs("$top")] int? top, [AliasAs("$skip")] int? skip, CancellationToken ct);

    [Get("/{entity}(guid'{key}')?$format=json")]
    Task<HttpResponseMessage> Get(string entity, Guid key, CancellationToken ct);

    [Post("/{entity}?$format=json")]
    Task<HttpResponseMessage> Create(string entity, [Body] HttpContent body, CancellationToken ct);

    [Patch("/{entity}(guid'{key}')?$format=json")]
    Task<HttpResponseMessage> Update(string entity, Guid key, [Body] HttpContent body, CancellationToken ct);
}
