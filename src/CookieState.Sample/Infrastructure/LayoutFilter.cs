using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// Reads what the layout needs from the session before the view starts writing. With CookieState the session travels
/// in the response headers, so changing it (here: popping the flash message) must happen before the body is written.
/// </summary>
internal sealed class LayoutFilter : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not ViewResult view)
        {
            return;
        }

        var http = context.HttpContext;
        var session = http.Session;
        view.ViewData[LayoutModel.ViewDataKey] = new LayoutModel(
            session.GetString(SessionKeys.UserName),
            Cart.Load(session).Count,
            Flash.Pop(session),
            http.Features.Get<ICookieStateFeature>() is null ? "ASP.NET Core session (in memory)" : "CookieState");
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
