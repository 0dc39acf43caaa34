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

    /// <summary>
    /// `bank parse …` is parsed by a tree that holds only that verb (start-up); behind a root option the same words go
    /// through the whole tree. Help, a missing file and an unknown option read the same either way.
    /// </summary>
    [Theory]
    [InlineData("--help")]
    [InlineData("")]
    [InlineData("statement.txt --jsn")]
    public async Task Parse_alone_answers_help_and_bad_arguments_as_the_whole_tree_does(string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var alone = await CliRun.Of(NoDatabase, ["bank", "parse", .. words]);
        var whole = await CliRun.Of(NoDatabase, ["--verbose", "bank", "parse", .. words]);

        Assert.Equal((whole.ExitCode, whole.Out, whole.Err), (alone.ExitCode, alone.Out, alone.Err));
        Assert.NotEqual("", alone.Out + alone.Err);
    }

    [Fact]
    public void Every_sample_that_parses_has_its_kept_output()
    {
        Assert.True(Outputs().Count >= 16, $"only {Outputs().Count} kept outputs: the golden files are missing");
    }
}
