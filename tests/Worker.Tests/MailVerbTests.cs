using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public sealed class MailVerbTests
{
    static readonly Dictionary<string, string?> NoConfig = new();

    [Fact]
    public async Task Mail_parse_json_prints_what_the_intake_would_take()
    {
        var run = await CliRun.Of(NoConfig, "mail", "parse", SampleFiles.Sample("mail", "sisimai__set-of-emails__lhost-yandex-01.eml"), "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("mailer-daemon@yandex.ru", root.GetProperty("from").GetString());
        Assert.Equal("Недоставленное сообщение", root.GetProperty("subject").GetString());
        Assert.True(root.GetProperty("isAutomatic").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("automaticReason").GetString()));
        foreach (var field in new[] { "fromName", "to", "cc", "date", "messageId", "inReplyTo", "references", "text", "html", "attachments" })
            Assert.True(root.TryGetProperty(field, out _), field);
        Assert.All(root.GetProperty("attachments").EnumerateArray(), a =>
        {
            Assert.True(a.TryGetProperty("fileName", out _));
            Assert.True(a.TryGetProperty("contentType", out _));
            Assert.True(a.GetProperty("size").GetInt64() > 0);
        });
    }

    [Fact]
    public async Task Mail_parse_of_a_missing_file_fails_with_its_name()
    {
        var run = await CliRun.Of(NoConfig, "mail", "parse", "/nonexistent/x.eml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/nonexistent/x.eml", run.Err);
    }
}
