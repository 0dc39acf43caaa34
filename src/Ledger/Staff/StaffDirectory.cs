using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

public sealed record StaffMember(int Id, string Login, string FullName, string? Email, string? Phone, string? Department,
    bool IsSalesManager, bool IsPersonalManager, bool Active);

public sealed record Department(int Id, string Name, string? Email, int StaffCount);

/// <summary>Staff and departments: tickets are routed to departments, reports go to managers.</summary>
public sealed class StaffDirectory(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StaffMember>(new CommandDefinition("""
            select s.id, s.login, s.full_name, s.email, s.phone, d.name as department,
                   s.is_sales_manager, s.is_personal_manager, s.active
            from staff s left join departments d on d.id = s.department_id
            order by s.full_name
            """, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<Department>> DepartmentsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Department>(new CommandDefinition("""
            select d.id, d.name, d.email, (select count(*)::int from staff s where s.department_id = d.id) as staff_count
            from departments d order by d.name
            """, cancellationToken: ct))).ToList();
    }
}
