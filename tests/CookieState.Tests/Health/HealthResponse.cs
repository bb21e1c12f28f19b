using System.Net;
using System.Text.Json;

namespace CookieState.Tests.Health;

/// <summary>One /health answer: the HTTP status, the overall status and each check's status, reason and data.</summary>
public sealed record HealthResponse(HttpStatusCode HttpStatus, string Status, IReadOnlyDictionary<string, HealthEntry> Entries)
{
    public HealthEntry this[string name] => Entries[name];

    public static async Task<HealthResponse> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var entries = new Dictionary<string, HealthEntry>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("entries").EnumerateObject())
        {
            var data = entry.Value.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            entries[entry.Name] = new HealthEntry(
                entry.Value.GetProperty("status").GetString()!,
                entry.Value.GetProperty("description").GetString() ?? string.Empty,
                data);
        }

        return new HealthResponse(response.StatusCode, root.GetProperty("status").GetString()!, entries);
    }
}
