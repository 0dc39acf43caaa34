using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace BackOffice.Bench.WebPages;

/// <summary>One page's figures: every request read to its last byte, sequentially (one staff member clicking).</summary>
sealed record Timing(string Name, HttpStatusCode Status, double Median, double P95, double Max, long Bytes)
{
    public static async Task<Timing> MeasureAsync(HttpClient http, string name, Uri url, int warmup, int requests)
    {
        var (status, bytes) = await GetAsync(http, url);
        if (status != HttpStatusCode.OK) return new Timing(name, status, double.NaN, double.NaN, double.NaN, bytes);
        for (var i = 1; i < warmup; i++) await GetAsync(http, url);
        var times = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            (status, bytes) = await GetAsync(http, url);
            times[i] = watch.Elapsed.TotalMilliseconds;
            if (status != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)status} on request {i + 1}");
        }
        Array.Sort(times);
        return new Timing(name, status, Percentile(times, 0.5), Percentile(times, 0.95), times[^1], bytes);
    }

    static async Task<(HttpStatusCode, long)> GetAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;
        return (response.StatusCode, total);
    }

    /// <summary>Nearest rank on the sorted sample.</summary>
    static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        return Status switch
        {
            HttpStatusCode.OK => string.Create(c, $"{Name,-34} {200,7} {Median,10:0.0} {P95,8:0.0} {Max,8:0.0} {Bytes / 1024.0,7:0.0}"),
            HttpStatusCode.NotFound => $"{Name,-34} {"missing",7} (404: not on this branch yet)",
            _ => $"{Name,-34} {(int)Status,7} (not timed)",
        };
    }
}
