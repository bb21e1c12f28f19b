using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// The safety net for <see cref="CookieStateOverflowException"/> from any action: a friendly page instead of the generic
/// error page. Where the user can act on it (the big-state form), the controller catches it itself.
/// </summary>
internal sealed class SessionFullFilter : IExceptionFilter
{
    public const string ViewName = "SessionFull";

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not CookieStateOverflowException ex)
        {
            return;
        }

        context.Result = new ViewResult
        {
            ViewName = ViewName,
            StatusCode = StatusCodes.Status413RequestEntityTooLarge,
            ViewData = new ViewDataDictionary<OverflowViewModel>(
                context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), context.ModelState)
            {
                Model = new OverflowViewModel(0, ex.TotalSize, ex.Limit, ex.LargestKeys, ex.Message),
                [LayoutModel.ViewDataKey] = LayoutModel.From(context.HttpContext, flash: null), // result filters do not run here
            },
        };
        context.ExceptionHandled = true;
    }
}
