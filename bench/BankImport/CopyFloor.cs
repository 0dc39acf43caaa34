using System.Diagnostics;
using Npgsql;

namespace BackOffice.Bench.BankImport;

/// <summary>
/// The floor for an import: every row the engine inserted (the statement, its documents, payments, their links, credit
/// moves, review rows, outbox events), read back untimed, then written by binary COPY (<c>BeginBinaryImport</c>) into the
/// same tables of a second database seeded the same way. It leaves out what the import updates in place (invoices,
/// clients' credit, document statuses): the floor is only the cost of the database taking in the same rows.
/// </summary>
static class CopyFloor
{
    static readonly (string Table, string Where)[] Tables =
    [
        ("bank_statements", "true"), ("bank_documents", "true"), ("payments", "true"), ("bank_document_payments", "true"),
        ("credit_ledger", "true"), ("bank_review_queue", "true"), ("outbox", "kind in ('invoice.paid', 'service.unsuspended')"),
    ];

    public static async Task<(TimeSpan Time, long Rows)> RunAsync(NpgsqlDataSource from, NpgsqlDataSource to)
    {
        var data = new List<(string Table, string[] Columns, string[] Types, List<object?[]> Rows)>();
        await using (var conn = await from.OpenConnectionAsync())
        {
            foreach (var (table, where) in Tables)
            {
                await using var cmd = new NpgsqlCommand($"select * from {table} where {where}", conn);
                await using var reader = await cmd.ExecuteReaderAsync();
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                var types = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetDataTypeName(i).Split('(')[0]).ToArray();
                var rows = new List<object?[]>();
                while (await reader.ReadAsync())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                data.Add((table, columns, types, rows));
            }
        }

        GC.Collect();
        var watch = Stopwatch.StartNew();
        await using (var conn = await to.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            foreach (var (table, columns, types, rows) in data)
            {
                await using var copy = await conn.BeginBinaryImportAsync($"copy {table} ({string.Join(", ", columns)}) from stdin (format binary)");
                foreach (var row in rows)
                {
                    await copy.StartRowAsync();
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null) await copy.WriteNullAsync();
                        else await copy.WriteAsync(row[i], types[i]);
                    }
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
        }
        return (watch.Elapsed, data.Sum(d => (long)d.Rows.Count));
    }
}
