using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CookieState.TestServers;

/// <summary>
/// A real nginx (Debian's binary) as a round-robin reverse proxy on 127.0.0.1, with its own prefix, config, logs and
/// temp folders, never the system service. Stopped by PID on dispose.
/// </summary>
public sealed class NginxTestServer : IAsyncDisposable
{
    private readonly Process _process;

    private NginxTestServer(Process process, string prefix, int port)
    {
        _process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static string FindBinary() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed: run ./scripts/test.sh, which installs Debian's nginx.");

    /// <summary>Writes a config that balances <paramref name="upstreamPorts"/> round-robin with no affinity, and starts nginx.</summary>
    public static async Task<NginxTestServer> StartAsync(IReadOnlyList<int> upstreamPorts, int? port = null)
    {
        var binary = FindBinary();
        var listenPort = port ?? FreePort.Next();
        var prefix = Directory.CreateTempSubdirectory("cookiestate-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(prefix, listenPort, upstreamPorts));

        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "-p", prefix, "-c", config, "-e", Path.Combine(prefix, "logs", "error.log"), "-g", "daemon off;" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var server = new NginxTestServer(process, prefix, listenPort);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>
    /// The nginx config: one upstream, round robin, a node that fails (no connection, timeout, 502) is retried on the next
    /// one. Not a 503: the sample answers 503 while the shared revocation store is down, which no other node can mend, and
    /// counting it as a node failure would take every healthy node out of the pool for <c>fail_timeout</c>.
    /// </summary>
    public static string Config(string prefix, int listenPort, IEnumerable<int> upstreamPorts)
    {
        var servers = new StringBuilder();
        foreach (var upstream in upstreamPorts)
        {
            servers.Append(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{upstream} max_fails=1 fail_timeout=2s;\n");
        }

        return $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/client_body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream farm {
            {{servers}}    keepalive 32;
              }
              server {
                listen 127.0.0.1:{{listenPort}};
                location / {
                  proxy_pass http://farm;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_next_upstream error timeout http_502;
                  proxy_connect_timeout 2s;
                }
              }
            }
            """;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not start listening within 15 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
