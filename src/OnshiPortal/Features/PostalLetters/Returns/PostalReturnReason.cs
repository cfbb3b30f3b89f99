namespace OnshiPortal.Features.PostalLetters.Returns;

/// <summary>Why the post office brought a letter back: the reasons its 還付 label gives (符箋の返送理由).</summary>
public enum PostalReturnReason
{
    /// <summary>あて所に尋ねあたりません: nobody of that name at that address.</summary>
    NotAtAddress = 1,

    /// <summary>転居先不明: moved, no forwarding address.</summary>
    MovedUnknown = 2,

    /// <summary>あて名不完全で配達できません: the address is incomplete.</summary>
    IncompleteAddress = 3,

    /// <summary>受取拒絶.</summary>
    Refused = 4,

    /// <summary>保管期間経過: a registered item not collected in time.</summary>
    NotCollected = 5,

    /// <summary>その他.</summary>
    Other = 9,
}

public static class PostalReturnReasons
{
    public static readonly PostalReturnReason[] All = Enum.GetValues<PostalReturnReason>();

    public static string Japanese(this PostalReturnReason reason) => reason switch
    {
        PostalReturnReason.NotAtAddress => "あて所に尋ねあたりません",
        PostalReturnReason.MovedUnknown => "転居先不明",
        PostalReturnReason.IncompleteAddress => "あて名不完全で配達できません",
        PostalReturnReason.Refused => "受取拒絶",
        PostalReturnReason.NotCollected => "保管期間経過",
        _ => "その他",
    };

    /// <summary>
    /// Whether the reason says the address itself failed (flagged until the master's address changes); a refusal or
    /// an item not collected reached the right place.
    /// </summary>
    public static bool FlagsAddress(this PostalReturnReason reason) =>
        reason is PostalReturnReason.NotAtAddress or PostalReturnReason.MovedUnknown or PostalReturnReason.IncompleteAddress or PostalReturnReason.Other;
}
