using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Home;

/// <summary>
/// The language switch in the header posts here (antiforgery checked as on every page): the choice goes into a
/// cookie for a year and the person is sent back to the page they were on. Only a path of this site is a way back;
/// anything else (an absolute or protocol-relative URL, a backslash trick) is refused, so that the switch cannot
/// be used to send someone elsewhere.
/// </summary>
public sealed class LanguageModel(IConfiguration configuration, IWebHostEnvironment environment, PortalDbContext db, UserManager<PortalUser> users) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (language is null || !Languages.Supported.Contains(language) || (!string.IsNullOrEmpty(returnUrl) && !Url.IsLocalUrl(returnUrl)))
        {
            return BadRequest();
        }

        Response.Cookies.Append(Languages.CookieName, Languages.CookieValue(language), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps || PortalServices.SecureCookies(configuration, environment),
            Path = "/",
        });

        // A logged-in person's mails from the back office follow the choice too (AccountLanguage).
        if (users.GetUserId(User) is { } userId)
        {
            await AccountLanguage.RememberAsync(db, userId, language, HttpContext.RequestAborted);
        }

        return LocalRedirect(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl);
    }
}
