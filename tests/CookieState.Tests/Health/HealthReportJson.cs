using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CookieState.Tests.Health;

/// <summary>
/// Writes a health report as JSON ({ status, entries: { name: { status, description, data } } }), as apps commonly do,
/// so that tests read each check's reason and data off the real /health response.
/// </summary>
public static class HealthReportJson
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteStartObject("data");
            foreach (var (key, value) in entry.Data)
            {
                json.WriteString(key, value is IFormattable formattable ? formattable.ToString(value is DateTimeOffset ? "O" : null, CultureInfo.InvariantCulture) : value.ToString());
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
