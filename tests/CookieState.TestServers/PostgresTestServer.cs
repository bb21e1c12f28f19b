using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CookieState.TestServers;

/// <summary>
/// A throwaway PostgreSQL server in a temporary data directory, listening on 127.0.0.1 on a free port
/// with trust authentication. Never touches the system's PostgreSQL service.
/// </summary>
public sealed class PostgresTestServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;
    private bool _running;
    private bool _disposed;

    private PostgresTestServer(string binDirectory, string rootDirectory, bool runAsPostgresUser)
    {
        _binDirectory = binDirectory;
        _runAsPostgresUser = runAsPostgresUser;
        RootDirectory = rootDirectory;
    }

    /// <summary>The temporary folder holding the data directory, socket and log; deleted on dispose.</summary>
    public string RootDirectory { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The server log file.</summary>
    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port; it stays the same across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Whether the server is currently running.</summary>
    public bool IsRunning => _running;

    /// <summary>Connection string to the <c>postgres</c> database as the superuser.</summary>
    public string ConnectionString => GetConnectionString("postgres");

    /// <summary>Connection string to <paramref name="database"/> as the superuser (trust authentication, no password).</summary>
    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = SuperUser,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>Initialises a fresh cluster and starts it.</summary>
    public static async Task<PostgresTestServer> StartAsync()
    {
        var binDirectory = FindBinDirectory();
        var runAsPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "cookiestate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);

        var server = new PostgresTestServer(binDirectory, root, runAsPostgresUser);
        try
        {
            await Task.Run(server.Initialise);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync();
        return GetConnectionString(name);
    }

    /// <summary>Starts the server again after <see cref="Stop"/>, on the same port.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_running)
        {
            return;
        }

        Run("pg_ctl",
            "-D", DataDirectory,
            "-o", $"-c listen_addresses={Host} -p {Port} -k {RootDirectory} -c fsync=off -c full_page_writes=off",
            "-l", LogFile,
            "-t", "60",
            "-w", "start");
        _running = true;
    }

    /// <summary>Stops the server (fast shutdown: open connections are terminated).</summary>
    public void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_running)
        {
            return;
        }

        Run("pg_ctl", "-D", DataDirectory, "-m", "fast", "-t", "60", "-w", "stop");
        _running = false;

        // Pooled connections now point at a dead server; drop them so later opens start fresh.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            if (_running)
            {
                Stop();
            }
        }
        catch (InvalidOperationException)
        {
            // Best effort: still try to remove the folder below.
        }
        finally
        {
            _disposed = true;
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Initialise()
    {
        if (_runAsPostgresUser)
        {
            // initdb and postgres refuse to run as root; hand the folder to the postgres user.
            RunTool("chown", "-R", $"{SuperUser}:{SuperUser}", RootDirectory);
        }

        Run("initdb", "-D", DataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C", "--no-sync");

        // A free port can be taken between probing and binding; retry a few times with a new one.
        for (var attempt = 1; ; attempt++)
        {
            Port = GetFreePort();
            try
            {
                Start();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private void Run(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (_runAsPostgresUser)
        {
            RunTool("runuser", ["-u", SuperUser, "--", path, .. arguments]);
        }
        else
        {
            RunTool(path, arguments);
        }
    }

    private void RunTool(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user cannot read root's current directory.
            WorkingDirectory = RootDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}.\n" +
                $"stdout: {stdout.Result}\nstderr: {stderr.Result}\nserver log: {log}");
        }
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: ParseVersion(Path.GetFileName(directory))))
                .Where(candidate => File.Exists(Path.Combine(candidate.Directory, "initdb")) && File.Exists(Path.Combine(candidate.Directory, "pg_ctl")))
                .OrderByDescending(candidate => candidate.Version)
                .ToList()
            : [];

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
                "Run the test script, which installs postgresql (or: apt-get install -y postgresql).");
        }

        return candidates[0].Directory;
    }

    private static double ParseVersion(string name) =>
        double.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
