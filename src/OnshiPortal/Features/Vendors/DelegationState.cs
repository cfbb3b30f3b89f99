namespace OnshiPortal.Features.Vendors;

/// <summary>Where a delegation (or the invitation that leads to one) stands, as the 管理者's list shows it.</summary>
public enum DelegationState
{
    /// <summary>招待中: mailed, not accepted yet, the link still good.</summary>
    Invited,

    /// <summary>有効: accepted, not revoked, its end date not past.</summary>
    Active,

    /// <summary>期限切れ: the end date (or, for an invitation, its 24 hours) passed.</summary>
    Expired,

    /// <summary>取消済: revoked by a 管理者.</summary>
    Revoked,
}

public static class DelegationStates
{
    public static string Japanese(this DelegationState state) => state switch
    {
        DelegationState.Invited => "招待中",
        DelegationState.Active => "有効",
        DelegationState.Expired => "期限切れ",
        DelegationState.Revoked => "取消済",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static DelegationState Of(VendorDelegation delegation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        return delegation.RevokedAt is not null ? DelegationState.Revoked
            : delegation.IsActive(now) ? DelegationState.Active
            : DelegationState.Expired;
    }

    public static DelegationState Of(People.Invitation invitation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return invitation.RevokedAt is not null ? DelegationState.Revoked
            : invitation.IsOpen(now) ? DelegationState.Invited
            : DelegationState.Expired;
    }
}
