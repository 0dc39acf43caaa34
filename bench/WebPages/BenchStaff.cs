using BackOffice.Web.SignIn;
using Dapper;
using Npgsql;

namespace BackOffice.Bench.WebPages;

static class BenchStaff
{
    /// <summary>An admin with a password, set as `staff password` sets it.</summary>
    public static async Task AddAdminAsync(NpgsqlDataSource db, string login, string password)
    {
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("insert into staff (login, full_name, roles) values (@login, 'Скамейкин Бенч', array['admin'])", new { login });
        await new StaffPasswords(db, TimeProvider.System).SetAsync(login, password, "bench");
    }
}
