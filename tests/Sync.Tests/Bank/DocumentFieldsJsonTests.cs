using System.Text.Json;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>The fields column is sent as JSON with Cyrillic unescaped: the same object as the serializer's, in fewer bytes.</summary>
public class DocumentFieldsJsonTests
{
    [Fact]
    public void Fields_json_reads_back_as_the_serializer_s_object_with_cyrillic_as_it_is()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Номер"] = "118",
            ["Плательщик1"] = "ООО \"Рога и копыта\"",
            ["НазначениеПлатежа"] = "Оплата по счету № 72815\\бух\tтаб\u0001 <b>&'",
            ["ПлательщикИНН"] = "",
        };

        var written = BankDocumentStore.FieldsJson(fields);

        Assert.Contains("ООО \\\"Рога и копыта\\\"", written);
        Assert.DoesNotContain("\\u041E", written);
        using var ours = JsonDocument.Parse(written);
        using var serializer = JsonDocument.Parse(JsonSerializer.Serialize(fields));
        Assert.True(JsonElement.DeepEquals(serializer.RootElement, ours.RootElement), written);
        Assert.Equal(fields.Keys, ours.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(written.Length < JsonSerializer.Serialize(fields).Length);
    }
}
