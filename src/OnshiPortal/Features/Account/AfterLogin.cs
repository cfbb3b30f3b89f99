using Microsoft.AspNetCore.Mvc;

namespace OnshiPortal.Features.Account;

/// <summary>Where a completed login goes: back where the person was sent from, else their own start page (業務メニュー, or マイページ for an institution: not the public top page, whose login and
/// registration cards a logged-in clerk has no use for).</summary>
public static class AfterLogin
{
    public static IActionResult Redirect(IUrlHelper url, string? returnUrl, bool backOffice) =>
        new LocalRedirectResult(!string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : backOffice ? "/operator" : "/mypage");

    public const string LockedOutMessage = "ログインに続けて失敗したため、一時的にログインできません。15分ほど時間をおいてから再度お試しください。";
}
