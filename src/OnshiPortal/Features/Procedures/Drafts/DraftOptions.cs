namespace OnshiPortal.Features.Procedures.Drafts;

/// <summary><c>Procedures:Drafts</c>: when a saved draft is reminded of, and how long it is kept.</summary>
public sealed class DraftOptions
{
    /// <summary>Days a draft is left untouched before the person who saved it is reminded (once per save).</summary>
    public int RemindAfterDays { get; set; } = 3;

    /// <summary>Days after its last save that a draft is deleted (<see cref="DraftReminders"/> deletes it).</summary>
    public int KeepDays { get; set; } = 30;
}
