using Microsoft.AspNetCore.Mvc;

namespace OnshiPortal.Features.Account;

/// <summary>Where a completed login goes: back where the person was sent from, else their own start page (業務メニュー, マイページ for an institution, or
/// 委任元の一覧 for a vendor's person, who first chooses the institution to act for: not the public top page, whose login and registration cards a
/// logged-in clerk has no use for).</summary>
public static class AfterLogin
{
    public static IActionResult Redirect(IUrlHelper url, string? returnUrl, bool backOffice, bool vendor = false) =>
        new LocalRedirectResult(!string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : backOffice ? "/operator" : vendor ? "/vendor" : "/mypage");

    public const string LockedOutMessage = "ログインに続けて失敗したため、一時的にログインできません。15分ほど時間をおいてから再度お試しください。";
}
