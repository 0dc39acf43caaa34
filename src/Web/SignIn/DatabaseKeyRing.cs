using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace BackOffice.Web.SignIn;

/// <summary>
/// The keys that sign session and antiforgery cookies, kept in PostgreSQL (web_keys) rather than in the service account's
/// home: every `backoffice run` on the database reads the same ring, so instances behind one proxy accept each other's
/// cookies, and a service user without a home keeps its sessions over a restart. Data Protection calls this synchronously.
/// </summary>
sealed class DatabaseKeyRing(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenConnection();
        return conn.Query<string>("select xml from web_keys order by id").Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenConnection();
        // A name is a key's id: storing one twice changes nothing.
        conn.Execute("insert into web_keys (name, xml) values (@friendlyName, @xml) on conflict (name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
