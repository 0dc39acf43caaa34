using BackOffice.Ledger;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace BackOffice.Web;

/// <summary>A feature service's NotFound ("There is no invoice № …") becomes the 404 page, as a page's own NotFound() does.</summary>
sealed class NotFoundFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is NotFound)
        {
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
        }
    }
}
