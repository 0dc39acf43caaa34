using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// `bank parse` prints exactly what it printed before its printer was rewritten for speed: both forms, every sample
/// statement that parses, against the outputs kept in tests/Samples/bank/parse-output.
/// </summary>
public class BankParseOutputTests
{
    static readonly Dictionary<string, string?> NoDatabase = new() { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=none;Username=x;Timeout=2" };

    public static TheoryData<string, bool> Outputs()
    {
        var data = new TheoryData<string, bool>();
        foreach (var table in Directory.GetFiles(Path.Combine(SampleFiles.SamplesFolder("bank"), "parse-output"), "*.table.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(table)[..^".table.txt".Length];
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public async Task Parse_prints_the_kept_output_of_each_sample(string sample, bool json)
    {
        var expected = await File.ReadAllTextAsync(SampleFiles.Sample("bank", Path.Combine("parse-output", sample + (json ? ".json" : ".table.txt"))));
        string[] args = ["bank", "parse", SampleFiles.Sample("bank", sample + ".txt"), .. json ? ["--json"] : Array.Empty<string>()];

        var r = await CliRun.Of(NoDatabase, args);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected, r.Out);
    }

    [Fact]
    public void Every_sample_that_parses_has_its_kept_output()
    {
        Assert.True(Outputs().Count >= 16, $"only {Outputs().Count} kept outputs: the golden files are missing");
    }
}
