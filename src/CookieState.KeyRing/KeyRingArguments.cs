namespace CookieState.KeyRing;

/// <summary>
/// The parsed command line: <c>init|status --keys &lt;folder&gt;|--postgres &lt;connection&gt;|--redis &lt;configuration&gt;
/// --application-name &lt;name&gt;</c>.
/// </summary>
internal sealed record KeyRingArguments(string Command, IKeyStoreTarget Store, string ApplicationName)
{
    public const string Usage =
        """
        Usage: CookieState.KeyRing <init|status> (--keys <folder> | --postgres <connection string> | --redis <configuration>)
                                     --application-name <name>

          init     Creates a key that is active now, and its successor if the current key expires within the
                   propagation window, only if the key ring lacks them. Running it again creates nothing.
          status   Lists the keys and says whether the key ring has a key active now (exit code 3 if not).

          --keys <folder>             The key ring folder shared by the nodes (PersistKeysToFileSystem).
          --postgres <connection>     The PostgreSQL database shared by the nodes (PersistKeysToPostgreSql).
          --redis <configuration>     The Redis shared by the nodes (PersistKeysToStackExchangeRedis), key
                                      DataProtection-Keys; a StackExchange.Redis configuration such as host:6379.
          --application-name <name>   The name every node passes to SetApplicationName.
        """;

    public static bool TryParse(IReadOnlyList<string> args, out KeyRingArguments? parsed, out string? error)
    {
        parsed = null;
        if (args.Count == 0 || args[0] is not ("init" or "status"))
        {
            error = "Expected a command: init or status.";
            return false;
        }

        IKeyStoreTarget? store = null;
        string? applicationName = null;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Option {name} needs a value.";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--keys" when store is null:
                    store = new FileSystemKeyStoreTarget(value);
                    break;

                case "--postgres" when store is null:
                    store = new PostgreSqlKeyStoreTarget(value);
                    break;
                case "--redis" when store is null:
                    store = new RedisKeyStoreTarget(value);
                    break;
                case "--application-name" when applicationName is null:
                    applicationName = value;
                    break;
                default:
                    error = store is not null && name is "--keys" or "--postgres" or "--redis" ? "Only one key store may be given." : $"Unknown or repeated option {name}.";
                    return false;
            }
        }

        if (store is null)
        {
            error = "Name the key store: --keys <folder>, --postgres <connection string> or --redis <configuration>.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(applicationName))
        {
            error = "Name the application: --application-name <name>, the same on every node.";
            return false;
        }

        parsed = new KeyRingArguments(args[0], store, applicationName);
        error = null;
        return true;
    }
}
