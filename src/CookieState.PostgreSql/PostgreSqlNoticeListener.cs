using Npgsql;

namespace CookieState.PostgreSql;

/// <summary>
/// <c>LISTEN</c> on a connection of its own, kept open and re-opened a second after it fails: a notice is only a hint to
/// read now, so one lost while the connection was down costs at most a poll interval.
/// </summary>
internal sealed class PostgreSqlNoticeListener : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public PostgreSqlNoticeListener(NpgsqlDataSource dataSource, string channel, Action onNotice)
    {
        _loop = Task.Run(() => ListenAsync(dataSource, channel, onNotice, _stopping.Token));
    }

    private static async Task ListenAsync(NpgsqlDataSource dataSource, string channel, Action onNotice, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, _) => onNotice();
                await using (var listen = new NpgsqlCommand("LISTEN " + channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                // Anything appended while this connection was down is read by the poll; one early read covers the gap.
                onNotice();
                while (true)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                try
                {
                    await Task.Delay(ReconnectDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
