using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// The safety net for <see cref="CookieStateUnavailableException"/>: a session change while the revocation store is down
/// (and revocation fails closed) answers 503 with <c>Retry-After</c> and the friendly status page, not a 500. The client's
/// cookies are untouched, so the session is back as it was once the store answers.
/// </summary>
internal sealed class SessionUnavailableFilter : IExceptionFilter
{
    // Redis or a database restarting is back within seconds.
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static void AddRetryAfter(HttpResponse response) =>
        response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not CookieStateUnavailableException)
        {
            return;
        }

        AddRetryAfter(context.HttpContext.Response);
        context.Result = new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        context.ExceptionHandled = true;
    }
}
