namespace BackOffice.Ledger;

/// <summary>A request the ledger refuses; the message is written for the person who made it.</summary>
public abstract class LedgerError(string message) : Exception(message);

/// <summary>A value that is malformed or breaks a rule of form (ИНН check digits, a negative price). Exit code 2.</summary>
public sealed class InvalidInput(string field, string message) : LedgerError(message)
{
    public string Field { get; } = field;
}

/// <summary>What the request names does not exist. Exit code 1.</summary>
public sealed class NotFound(string message) : LedgerError(message);

/// <summary>The request collides with what exists (an email already used, a product already held). Exit code 1.</summary>
public sealed class Conflict(string message) : LedgerError(message);
