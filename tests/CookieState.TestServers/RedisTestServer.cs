using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CookieState.TestServers;

/// <summary>
/// A real redis-server (Debian's binary) on 127.0.0.1, on a free port, with its own temp folder and the append-only file
/// on, so that a graceful restart keeps every key, as a production Redis with persistence does. Never the system service.
/// Started and stopped by PID.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _binary;
    private Process? _process;
    private bool _disposed;

    private RedisTestServer(string binary, string directory, int port)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
    }

    /// <summary>The folder holding the config, the append-only file and the log; deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The TCP port; it stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string, as a node would be given it.</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The PID of the running server, which changes with every restart.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Redis is not running.");

    public bool IsRunning => _process is { HasExited: false };

    public string LogFile => Path.Combine(Directory, "redis.log");

    public static string FindBinary() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server is not installed: run ./scripts/test.sh, which installs Debian's redis-server.");

    /// <summary>Writes a config (loopback only, append-only file, no RDB snapshots) into a new temp folder and starts Redis.</summary>
    public static async Task<RedisTestServer> StartAsync()
    {
        var binary = FindBinary();
        var directory = System.IO.Directory.CreateTempSubdirectory("cookiestate-redis-").FullName;
        var server = new RedisTestServer(binary, directory, FreePort.Next());
        await File.WriteAllTextAsync(Path.Combine(directory, "redis.conf"), Config(directory, server.Port));
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The config: persistence through the append-only file (fsync every second, and at shutdown), no password because it
    /// listens on loopback only, and no daemonizing, so that the PID the test holds is the server's.
    /// </summary>
    public static string Config(string directory, int port) =>
        $"""
        bind 127.0.0.1
        port {port.ToString(CultureInfo.InvariantCulture)}
        protected-mode yes
        daemonize no
        dir {directory}
        logfile {Path.Combine(directory, "redis.log")}
        appendonly yes
        appendfsync everysec
        save ""
        """;

    /// <summary>Starts the server after <see cref="StopAsync"/>, on the same port and folder, and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(_binary)
        {
            ArgumentList = { Path.Combine(Directory, "redis.conf") },
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    /// <summary>
    /// Stops the server gracefully (SIGTERM): Redis refuses new connections, fsyncs the append-only file and exits, as on a
    /// planned restart. Waits for the exit.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        ProcessSignals.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"redis-server did not stop within {StopTimeout} after SIGTERM; killed. Log: {LogFile}");
        }
    }

    /// <summary>Runs one command and returns the first line of the reply, e.g. <c>:1</c> for <c>LLEN</c> of a one-item list.</summary>
    public async Task<string> ExecuteAsync(params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadLineAsync() ?? throw new IOException("Redis closed the connection without a reply.");
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "(no log)";
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} while starting. Log:\n{log}");
            }

            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer PING within {StartTimeout}. Log: {LogFile}");
    }

    // PONG only once the append-only file is loaded: until then Redis answers -LOADING.
    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            // Killed instead; still remove the folder.
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
