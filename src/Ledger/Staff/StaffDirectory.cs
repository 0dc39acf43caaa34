using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

// Properties, not a positional record: Dapper matches a constructor by field types, and a text[] column reads as System.Array.
public sealed record StaffMember
{
    public int Id { get; init; }
    public string Login { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Department { get; init; }
    public bool IsSalesManager { get; init; }
    public bool IsPersonalManager { get; init; }
    public bool Active { get; init; }
    public string[] Roles { get; init; } = [];
    public bool HasPassword { get; init; }
    public DateTime? LockedUntil { get; init; }
    public DateTime? LastSignedInAt { get; init; }
}

public sealed record Department(int Id, string Name, string? Email, int StaffCount);

/// <summary>Staff and departments: tickets are routed to departments, reports go to managers.</summary>
public sealed class StaffDirectory(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StaffMember>(new CommandDefinition("""
            select s.id, s.login, s.full_name, s.email, s.phone, d.name as department,
                   s.is_sales_manager, s.is_personal_manager, s.active, s.roles,
                   s.password_hash is not null as has_password, s.locked_until, s.last_signed_in_at
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
