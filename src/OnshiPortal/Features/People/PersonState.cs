namespace OnshiPortal.Features.People;

/// <summary>Whether a named person may use the portal. Only <see cref="Active"/> may log in.</summary>
public enum PersonState
{
    Active = 0,

    /// <summary>利用停止: by the institution's 管理者 or by the call centre; lifted by either.</summary>
    Suspended = 1,

    /// <summary>休止: no login for six months (InactivityCheck); lifted by a 管理者 or by the call centre.</summary>
    Dormant = 2,

    /// <summary>
    /// 削除: taken off the institution by its 管理者. The row stays, because filings and the audit name it; the
    /// address may be invited again, by this institution or another.
    /// </summary>
    Removed = 3,
}

public static class PersonStates
{
    public static string Japanese(this PersonState state) => state switch
    {
        PersonState.Active => "利用中",
        PersonState.Suspended => "利用停止",
        PersonState.Dormant => "休止（長期間ログインなし）",
        PersonState.Removed => "削除済み",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
