using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures.Road;

/// <summary>Where a step of the road stands, as the 手続きの状況 page marks it.</summary>
public enum RoadProgress
{
    /// <summary>完了.</summary>
    Done,

    /// <summary>手続き中: filed, shipped, or waiting for the institution.</summary>
    InProgress,

    /// <summary>未着手: the institution can do it now.</summary>
    ToDo,

    /// <summary>まだできません: an earlier step must come first.</summary>
    Waiting,

    /// <summary>必要な場合のみ (経過措置, 承継).</summary>
    Optional,

    /// <summary>対応が必要: returned for correction.</summary>
    ActionNeeded,
}

public static class RoadProgresses
{
    public static string Japanese(this RoadProgress progress) => progress switch
    {
        RoadProgress.Done => "完了",
        RoadProgress.InProgress => "手続き中",
        RoadProgress.ToDo => "未着手",
        RoadProgress.Waiting => "前の手続きの後",
        RoadProgress.Optional => "必要な場合のみ",
        _ => "対応が必要",
    };
}

/// <summary>
/// One step of 手続きの状況: the procedure, its state in plain Japanese, the date and receipt number of its latest
/// filing, what to do next and by when. Texts are Japanese keys (the page shows their English in English).
/// </summary>
/// <param name="Next">What to do next (or what the institution is waiting for).</param>
/// <param name="By">By when, where the road has a date for it.</param>
/// <param name="Link">Where to do it: the form, or the filing to correct or confirm.</param>
/// <param name="LinkText">The link's words.</param>
public sealed record RoadStep(
    string Name,
    RoadProgress Progress,
    string State,
    DateTimeOffset? At,
    string? ReceiptNumber,
    string Next,
    DateOnly? By = null,
    string? Link = null,
    string? LinkText = null,
    IReadOnlyList<object>? NextArguments = null,
    FilingType? Procedure = null);
