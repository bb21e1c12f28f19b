using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// Lets the farm tests reproduce the start-up race of dotnet/aspnetcore #3514: one node creates a key that is active at
/// once, before the other nodes have loaded it. Mapped only when <c>Farm:EnableKeyAdmin</c> is true.
/// </summary>
internal static class FarmKeyAdminEndpoints
{
    public static void MapFarmKeyAdmin(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/farm/keys", (IKeyManager keys) =>
        {
            // Data Protection itself reads the system clock, so this must too.
            var now = DateTimeOffset.UtcNow;

            // A minute ahead of now (within Data Protection's clock-skew allowance) so it outranks a key made this second.
            var key = keys.CreateNewKey(now.AddMinutes(1), now.AddDays(90));
            return Results.Text(key.KeyId.ToString());
        }).DisableAntiforgery();
}
