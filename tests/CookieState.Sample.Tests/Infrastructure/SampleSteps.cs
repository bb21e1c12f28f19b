namespace CookieState.Sample.Tests.Infrastructure;

/// <summary>The user actions the tests repeat, as a person would do them through the sample's forms.</summary>
public static class SampleSteps
{
    public static Task<SampleClient.Page> AddToCartAsync(this SampleClient client, string productId) =>
        client.SubmitAsync("/Shop", "/Shop/Add", ("productId", productId));

    public static Task<SampleClient.Page> SetQuantityAsync(this SampleClient client, string productId, int quantity) =>
        client.SubmitAsync("/Shop", "/Shop/Update", ("productId", productId), ("quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static Task<SampleClient.Page> RemoveFromCartAsync(this SampleClient client, string productId) =>
        client.SubmitAsync("/Shop", "/Shop/Remove", ("productId", productId));

    public static Task<SampleClient.Page> SignInAsync(this SampleClient client, string name) =>
        client.SubmitAsync("/Account/SignIn", "/Account/SignIn", ("Name", name));

    public static Task<SampleClient.Page> AddRandomDataAsync(this SampleClient client, int kilobytes) =>
        client.SubmitAsync("/BigState", "/BigState/Add", ("kilobytes", kilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static async Task<string> SessionIdAsync(this SampleClient client)
    {
        var page = await client.GetPageAsync("/Inspector");
        return page.TestId("session-id") ?? throw new InvalidOperationException("The inspector shows no session id.");
    }

    public static (string Name, string Value)[] ValidAddress(string fullName = "Ada Lovelace") =>
    [
        ("FullName", fullName),
        ("Street", "12 Analytical Row"),
        ("PostalCode", "NW1 2AB"),
        ("City", "London"),
        ("Country", "United Kingdom"),
        ("nav", "next"),
    ];
}
