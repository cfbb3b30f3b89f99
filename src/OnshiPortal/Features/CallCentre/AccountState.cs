namespace OnshiPortal.Features.CallCentre;

/// <summary>Where an institution stands on the way to its own account: the first thing the call centre reads out.</summary>
public enum AccountState
{
    /// <summary>No account and no working temporary credential.</summary>
    None,

    /// <summary>A temporary credential (仮ID) that still works: unused, not superseded, not expired.</summary>
    TemporaryIssued,

    /// <summary>アカウント登録 entered with the temporary credential; the link mailed to the new address is not followed yet.</summary>
    ActivationPending,

    Activated,

    /// <summary>A self-registration nobody proved yet (確認待ち): the letter still works and wins when used.</summary>
    RegistrationPending,

    /// <summary>An account locked by failed logins (Identity's lockout).</summary>
    Locked,

    /// <summary>The code was succeeded (承継済み): its account moved to the successor's code.</summary>
    Succeeded,
}

public static class AccountStateNames
{
    public static string Japanese(this AccountState state) => state switch
    {
        AccountState.None => "アカウントなし（有効な仮IDなし）",
        AccountState.TemporaryIssued => "仮ID発行済み（未登録）",
        AccountState.ActivationPending => "アカウント登録中（メール確認待ち）",
        AccountState.Activated => "登録済み",
        AccountState.RegistrationPending => "自己登録の確認待ち",
        AccountState.Locked => "ロック中",
        AccountState.Succeeded => "承継済み",
        _ => state.ToString(),
    };
}
