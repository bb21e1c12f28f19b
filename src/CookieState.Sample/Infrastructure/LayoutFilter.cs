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

        view.ViewData[LayoutModel.ViewDataKey] = LayoutModel.From(context.HttpContext, Flash.Pop(context.HttpContext.Session));
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
