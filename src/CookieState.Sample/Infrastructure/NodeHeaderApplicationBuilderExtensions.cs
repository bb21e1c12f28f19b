namespace CookieState.Sample.Infrastructure;

/// <summary>Adds the <c>X-Node</c> response header, which tells a load test or a curious developer which node answered.</summary>
internal static class NodeHeaderApplicationBuilderExtensions
{
    public const string HeaderName = "X-Node";

    public static IApplicationBuilder UseNodeHeader(this IApplicationBuilder app)
    {
        var node = app.ApplicationServices.GetRequiredService<NodeIdentity>();
        return app.Use((context, next) =>
        {
            // Set as the headers go out rather than now: the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = node.Name;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
