using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace BackOffice.Sync.Bank;

public sealed partial class BankImport
{
    /// <summary>A document read ahead, with its direction and the row it would be stored as (content hash, fields as JSON).</summary>
    internal readonly record struct Prepared(BankDocument Document, Direction Direction, BankDocumentStore.Row Row);

    static Prepared Prepare(BankDocumentStore store, long statementId, BankDocument d, IReadOnlySet<string> own)
    {
        var direction = d.DirectionFor(own);
        return new Prepared(d, direction, store.RowOf(statementId, d, direction));
    }

    /// <summary>
    /// Reads the statement on a thread of its own, a few batches ahead of the import, so that parsing the file and preparing
    /// each document's row (its content hash and fields as JSON, about an eighth of the import at 100,000 documents) happen
    /// while the import waits on the database. Items come out in the file's order; what stops the reading (a rejected file)
    /// is kept and thrown by <see cref="ThrowIfFailed"/> after the items read before it. At most <c>capacity</c> batches wait,
    /// so the memory held stays the same whatever the file's size. Disposing stops the reading and waits for it: the file
    /// is never read after the import has let it go.
    /// </summary>
    sealed class ReadAhead : IAsyncDisposable
    {
        readonly Channel<(StatementItem Item, Prepared? Prepared)[]> channel;
        readonly CancellationTokenSource stop;
        Task reading = Task.CompletedTask;
        ExceptionDispatchInfo? failure;

        ReadAhead(CancellationToken ct)
        {
            channel = Channel.CreateBounded<(StatementItem, Prepared?)[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        }

        public static ReadAhead Start(IEnumerable<StatementItem> items, Func<BankDocument, Prepared>? prepare, int batchSize, CancellationToken ct)
        {
            var ahead = new ReadAhead(ct);
            ahead.reading = Task.Factory.StartNew(() => ahead.Read(items, prepare, batchSize), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return ahead;
        }

        void Read(IEnumerable<StatementItem> items, Func<BankDocument, Prepared>? prepare, int batchSize)
        {
            var batch = new List<(StatementItem, Prepared?)>(batchSize);
            try
            {
                foreach (var item in items)
                {
                    batch.Add((item, prepare is not null && item is BankDocument d ? prepare(d) : null));
                    if (batch.Count < batchSize) continue;
                    Write(batch.ToArray());
                    batch.Clear();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                channel.Writer.TryComplete();
                return;
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            try
            {
                if (batch.Count > 0) Write(batch.ToArray());
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            channel.Writer.TryComplete();
        }

        void Write((StatementItem, Prepared?)[] batch) => channel.Writer.WriteAsync(batch, stop.Token).AsTask().GetAwaiter().GetResult();

        public IAsyncEnumerable<(StatementItem Item, Prepared? Prepared)[]> ReadAllAsync(CancellationToken ct) => channel.Reader.ReadAllAsync(ct);

        public void ThrowIfFailed() => failure?.Throw();

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading;
            stop.Dispose();
        }
    }
}
