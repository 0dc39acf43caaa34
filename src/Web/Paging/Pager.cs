using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BackOffice.Web.Paging;

/// <summary>Which rows of a long list a page shows (1-based page number from ?page=), and links to the others with the same query.</summary>
public sealed record Pager(int Page, int Size, int Total)
{
    public const int DefaultSize = 50;

    public static int Current(HttpRequest request) =>
        int.TryParse(request.Query["page"], out var page) && page > 0 ? page : 1;

    public int Offset => (Page - 1) * Size;
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public int First => Total == 0 ? 0 : Offset + 1;
    public int Last => Math.Min(Total, Offset + Size);

    /// <summary>The current URL with only the page changed, so filters survive paging.</summary>
    public static string Link(HttpRequest request, int page)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var kept = query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (page > 1) kept.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, kept);
    }
}
