using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.KeyRing;

/// <summary>Runs <c>init</c> or <c>status</c>. Exit codes: 0 done (or ready), 1 failed, 2 bad usage, 3 not ready.</summary>
internal static class KeyRingCommand
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int NotReady = 3;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        if (!KeyRingArguments.TryParse(args, out var parsed, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(KeyRingArguments.Usage);
            return UsageError;
        }

        try
        {
            return parsed!.Command == "init" ? Init(parsed, output, timeProvider) : Status(parsed, output, timeProvider);
        }
        catch (Exception ex)
        {
            error.WriteLine($"Failed: {ex.Message}");
            return Failure;
        }
    }

    private static int Init(KeyRingArguments args, TextWriter output, TimeProvider timeProvider)
    {
        using var services = BuildServices(args);
        var keyManager = services.GetRequiredService<IKeyManager>();
        var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        var created = KeyRingPlanner.EnsureKeys(keyManager, timeProvider.GetUtcNow(), lifetime);

        output.WriteLine($"Key ring: {args.Store.Description}, application name '{args.ApplicationName}'.");
        output.WriteLine(created.Count == 0 ? "Nothing to create: the key ring already has its keys." : $"Created {created.Count} key(s).");
        WriteKeys(output, keyManager.GetAllKeys(), timeProvider.GetUtcNow(), created);
        return Success;
    }

    private static int Status(KeyRingArguments args, TextWriter output, TimeProvider timeProvider)
    {
        output.WriteLine($"Key ring: {args.Store.Description}, application name '{args.ApplicationName}'.");
        if (!args.Store.Exists())
        {
            output.WriteLine("Not ready: the key store does not exist. Run init.");
            return NotReady;
        }

        using var services = BuildServices(args);
        var keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
        var now = timeProvider.GetUtcNow();
        WriteKeys(output, keys, now, []);
        if (KeyRingPlanner.FindCurrent(keys, now) is null)
        {
            output.WriteLine("Not ready: no key is active now. Run init.");
            return NotReady;
        }

        output.WriteLine("Ready: a key is active now.");
        return Success;
    }

    private static ServiceProvider BuildServices(KeyRingArguments args)
    {
        // Only the key manager is used: it reads and writes the store directly. Nothing here asks for a protector, so Data
        // Protection never generates keys on its own schedule.
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var builder = services.AddDataProtection().SetApplicationName(args.ApplicationName);
        args.Store.Configure(builder);
        return services.BuildServiceProvider();
    }

    private static void WriteKeys(TextWriter output, IReadOnlyCollection<IKey> keys, DateTimeOffset now, IReadOnlyCollection<IKey> created)
    {
        var current = KeyRingPlanner.FindCurrent(keys, now);
        foreach (var key in keys.OrderBy(k => k.ActivationDate))
        {
            var notes = new List<string>();
            if (key.KeyId == current?.KeyId)
            {
                notes.Add("current");
            }

            if (key.IsRevoked)
            {
                notes.Add("revoked");
            }
            else if (key.ExpirationDate <= now)
            {
                notes.Add("expired");
            }
            else if (key.ActivationDate > now)
            {
                notes.Add("upcoming");
            }

            if (created.Any(c => c.KeyId == key.KeyId))
            {
                notes.Add("new");
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {key.KeyId}  activation {key.ActivationDate.UtcDateTime:u}  expiration {key.ExpirationDate.UtcDateTime:u}  created {key.CreationDate.UtcDateTime:u}{(notes.Count > 0 ? "  [" + string.Join(", ", notes) + "]" : string.Empty)}"));
        }
    }
}
