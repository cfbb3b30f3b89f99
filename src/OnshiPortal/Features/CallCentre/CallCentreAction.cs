using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.CallCentre;

/// <summary>What the call centre may do for a caller; each needs a reason and leaves an audit entry.</summary>
public enum CallCentreAction
{
    /// <summary>仮IDの再発行: a new temporary credential and its letter queued for the post; the earlier one stops working.</summary>
    Reissue,

    /// <summary>ロック解除: ends a lockout from failed logins.</summary>
    Unlock,

    /// <summary>パスワード再設定メールの送信: the account's own address gets the reset link; the operator never sees a password.</summary>
    PasswordReset,

    /// <summary>メールアドレスの変更: a link to the new address, which becomes the login when it is followed.</summary>
    ChangeEmail,

    /// <summary>
    /// 自己登録の確認: a pending self-registration proven by the operator: after the identity checks (a call-back to the
    /// master's phone), or for a code the master lacked then, against the master now.
    /// </summary>
    ConfirmRegistration,

    /// <summary>自己登録の取消: a pending self-registration the institution does not know of (squatting) is refused.</summary>
    RefuseRegistration,

    /// <summary>全端末からのログアウト: ends every session of the account at once (a lost or shared PC, a suspected takeover).</summary>
    EndSessions,

    /// <summary>利用停止: one of the institution's people can no longer log in, and their open sessions end at once.</summary>
    SuspendPerson,

    /// <summary>利用停止・休止の解除: the person may log in again; the six months of inactivity start again.</summary>
    LiftPerson,

    /// <summary>
    /// 管理者の復旧: an institution with no active 管理者 (the person left) gets one of its people as 管理者, after the
    /// identity checks, recorded in the audit.
    /// </summary>
    RestoreAdministrator,
}

/// <summary>The actions' URL names, Japanese names and who may take them.</summary>
public static class CallCentreActions
{
    public static string Slug(this CallCentreAction action) => action switch
    {
        CallCentreAction.Reissue => "reissue",
        CallCentreAction.Unlock => "unlock",
        CallCentreAction.PasswordReset => "password-reset",
        CallCentreAction.ChangeEmail => "email",
        CallCentreAction.ConfirmRegistration => "confirm-registration",
        CallCentreAction.RefuseRegistration => "refuse-registration",
        CallCentreAction.EndSessions => "end-sessions",
        CallCentreAction.SuspendPerson => "suspend-person",
        CallCentreAction.LiftPerson => "lift-person",
        CallCentreAction.RestoreAdministrator => "restore-administrator",
        _ => action.ToString(),
    };

    public static CallCentreAction? FromSlug(string? slug) =>
        Enum.GetValues<CallCentreAction>().Cast<CallCentreAction?>().FirstOrDefault(a => a!.Value.Slug() == slug);

    public static string Japanese(this CallCentreAction action) => action switch
    {
        CallCentreAction.Reissue => "仮ID・仮パスワードの再発行",
        CallCentreAction.Unlock => "アカウントのロック解除",
        CallCentreAction.PasswordReset => "パスワード再設定メールの送信",
        CallCentreAction.ChangeEmail => "メールアドレスの変更",
        CallCentreAction.ConfirmRegistration => "自己登録の確認",
        CallCentreAction.RefuseRegistration => "自己登録の取消",
        CallCentreAction.EndSessions => "全端末からのログアウト",
        CallCentreAction.SuspendPerson => "職員の利用停止",
        CallCentreAction.LiftPerson => "職員の利用停止・休止の解除",
        CallCentreAction.RestoreAdministrator => "管理者の復旧",
        _ => action.ToString(),
    };

    /// <summary>
    /// Changing the login address hands the account to whoever holds the new address: the one action a talked-into
    /// operator could use to take an account over. It is the Admin's, after the operator's identity checks; every
    /// other action only sends something to the institution's own address or post, or lifts a lock.
    /// </summary>
    public static bool AdminOnly(this CallCentreAction action) => action == CallCentreAction.ChangeEmail;

    /// <summary>The actions on one named person, chosen on the institution's page (<c>?person=</c>).</summary>
    public static bool IsOnPerson(this CallCentreAction action) => action is CallCentreAction.SuspendPerson or CallCentreAction.LiftPerson;

    public static bool MayBeTakenBy(this CallCentreAction action, System.Security.Claims.ClaimsPrincipal user) =>
        action.AdminOnly() ? user.IsInRole(Roles.Admin) : user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Admin);
}
