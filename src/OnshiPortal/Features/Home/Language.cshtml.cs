using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Home;

/// <summary>
/// The language switch in the header posts here (antiforgery checked as on every page): the choice goes into a
/// cookie for a year and the person is sent back to the page they were on. Only a path of this site is a way back;
/// anything else (an absolute or protocol-relative URL, a backslash trick) is refused, so that the switch cannot
/// be used to send someone elsewhere.
/// </summary>
public sealed class LanguageModel(IConfiguration configuration, IWebHostEnvironment environment) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? language, string? returnUrl)
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
        return LocalRedirect(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl);
    }
}
