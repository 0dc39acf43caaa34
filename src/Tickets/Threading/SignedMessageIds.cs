using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace BackOffice.Tickets.Threading;

/// <summary>
/// Our Message-IDs name the ticket and carry an HMAC (osTicket's and FreeScout's defence): a reply that references one
/// threads to that ticket, and nobody can forge one for a ticket they never received mail about.
/// </summary>
public sealed partial class SignedMessageIds(byte[] secret, string domain)
{
    [GeneratedRegex(@"^(?<k>[tn])(?<n>\d+)\.(?<nonce>[0-9a-z]+)\.(?<mac>[0-9a-f]{12})@(?<domain>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Shape();

    /// <summary>A Message-ID for mail about the ticket; a notification's (to staff only) says so, so that only staff may answer it.</summary>
    public string New(long ticketNumber, bool notification = false)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var kind = notification ? 'n' : 't';
        return $"{kind}{ticketNumber}.{nonce}.{Mac(kind, ticketNumber, nonce)}@{domain}";
    }

    public bool IsNotification(string messageId) => TicketOf(messageId) is not null && messageId.TrimStart('<').StartsWith('n');

    /// <summary>The ticket number a Message-ID we signed names; null for anything else (or a forgery).</summary>
    public long? TicketOf(string messageId)
    {
        var m = Shape().Match(messageId.Trim('<', '>'));
        if (!m.Success || !long.TryParse(m.Groups["n"].Value, out var number)) return null;
        var expected = Mac(char.ToLowerInvariant(m.Groups["k"].Value[0]), number, m.Groups["nonce"].Value);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(m.Groups["mac"].Value.ToLowerInvariant()))
            ? number : null;
    }

    string Mac(char kind, long number, string nonce) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{kind}{number}.{nonce}")))[..12];

    /// <summary>The database's signing secret, made on first use (two instances racing agree on the first one written).</summary>
    public static async Task<SignedMessageIds> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string domain, CancellationToken ct)
    {
        // The secret never changes once written: one read per database and process.
        var key = conn.DataSource + "/" + conn.Database + "/" + domain;
        if (Known.TryGetValue(key, out var known)) return known;
        await conn.ExecuteAsync(new CommandDefinition("insert into mail_secrets (secret) values (@s) on conflict do nothing",
            new { s = RandomNumberGenerator.GetBytes(32) }, tx, cancellationToken: ct));
        var secret = await conn.ExecuteScalarAsync<byte[]>(new CommandDefinition("select secret from mail_secrets", transaction: tx, cancellationToken: ct));
        return Known.GetOrAdd(key, new SignedMessageIds(secret!, domain));
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SignedMessageIds> Known = new();
}
