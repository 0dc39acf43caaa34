using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages;

/// <summary>What the status code pages show: 400 (e.g. a form without its antiforgery token), 403, 404, 500.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    // A POST refused by the pipeline (400, 403, 404) is re-executed as a POST.
    public void OnPost(int? code) => Describe(code);

    void Describe(int? code)
    {
        Code = code ?? 500;
        (Title, Explanation) = Code switch
        {
            400 => ("Запрос отклонён", "Форма устарела или пришла не с этой страницы. Откройте страницу заново и повторите."),
            403 => ("Нет доступа", "Эта страница не для вашей роли. Если она нужна вам для работы, обратитесь к администратору."),
            404 => ("Не найдено", "Такой страницы или записи нет."),
            _ => ("Ошибка", "Что-то пошло не так. Подробности записаны в журнал службы."),
        };
        // Re-executed by the status code pages, the response already carries the original status; direct visits keep theirs.
        if (HttpContext.Response.StatusCode == StatusCodes.Status200OK && code is >= 400 and < 600) HttpContext.Response.StatusCode = Code;
    }
}
