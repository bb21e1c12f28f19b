using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Session;

/// <summary>
/// MVC's TempData ("flash" messages elsewhere) kept by <c>SessionStateTempDataProvider</c> in a CookieState session:
/// set on one node, read once on another, gone after; <c>Peek</c> and <c>Keep</c> hold it for one more read.
/// No library code backs this: it is the drop-in promise, tried across two nodes that share only a key ring.
/// </summary>
public sealed class TempDataFlashTests : IAsyncLifetime
{
    private const string Key = "flash";
    private SessionTestHost _nodeA = null!;
    private SessionTestHost _nodeB = null!;

    public async Task InitializeAsync()
    {
        _nodeA = await SessionTestHost.StartAsync(endpoints: MapFlash, services: AddSessionTempData);
        _nodeB = await SessionTestHost.StartAsync(endpoints: MapFlash, services: AddSessionTempData, keyDirectory: _nodeA.KeyDirectory);
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task A_message_set_on_one_node_is_read_once_on_the_other_and_then_gone()
    {
        var jar = new CookieJar();
        Assert.Equal("set", await _nodeA.GetStringAsync("/flash/set?m=saved", jar));

        Assert.Equal("saved", await _nodeB.GetStringAsync("/flash/read", jar));
        Assert.Equal("(none)", await _nodeA.GetStringAsync("/flash/read", jar));
        Assert.Equal("(none)", await _nodeB.GetStringAsync("/flash/read", jar));
        Assert.DoesNotContain(jar.Cookies.Keys, name => name.Contains("TempData", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Peek_leaves_the_message_for_the_next_read_on_any_node()
    {
        var jar = new CookieJar();
        await _nodeA.GetStringAsync("/flash/set?m=peeked", jar);

        Assert.Equal("peeked", await _nodeB.GetStringAsync("/flash/peek", jar));
        Assert.Equal("peeked", await _nodeA.GetStringAsync("/flash/peek", jar));
        Assert.Equal("peeked", await _nodeB.GetStringAsync("/flash/read", jar));
        Assert.Equal("(none)", await _nodeA.GetStringAsync("/flash/read", jar));
    }

    [Fact]
    public async Task Keep_after_a_read_holds_the_message_for_exactly_one_more_read()
    {
        var jar = new CookieJar();
        await _nodeB.GetStringAsync("/flash/set?m=kept", jar);

        Assert.Equal("kept", await _nodeA.GetStringAsync("/flash/read-and-keep", jar));
        Assert.Equal("kept", await _nodeB.GetStringAsync("/flash/read", jar));
        Assert.Equal("(none)", await _nodeA.GetStringAsync("/flash/read", jar));
    }

    [Fact]
    public async Task A_request_that_does_not_look_at_temp_data_leaves_the_message_in_place()
    {
        var jar = new CookieJar();
        await _nodeA.GetStringAsync("/flash/set?m=waiting", jar);

        await _nodeB.GetStringAsync("/flash/untouched", jar);
        Assert.Equal("waiting", await _nodeA.GetStringAsync("/flash/read", jar));
    }

    private static void AddSessionTempData(IServiceCollection services) =>
        services.AddControllersWithViews().AddSessionStateTempDataProvider();

    private static void MapFlash(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/flash/set", (HttpContext context, string m) => WithTempData(context, tempData =>
        {
            tempData[Key] = m;
            return "set";
        }));
        endpoints.MapGet("/flash/read", (HttpContext context) => WithTempData(context, tempData => tempData[Key] as string ?? "(none)"));
        endpoints.MapGet("/flash/peek", (HttpContext context) => WithTempData(context, tempData => tempData.Peek(Key) as string ?? "(none)"));
        endpoints.MapGet("/flash/read-and-keep", (HttpContext context) => WithTempData(context, tempData =>
        {
            var message = tempData[Key] as string ?? "(none)";
            tempData.Keep(Key);
            return message;
        }));
        endpoints.MapGet("/flash/untouched", () => "untouched");
    }

    // TempData saves into the session before the response starts, as MVC's SaveTempDataFilter does after a result.
    private static string WithTempData(HttpContext context, Func<ITempDataDictionary, string> use)
    {
        var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
        var result = use(tempData);
        tempData.Save();
        return result;
    }
}
