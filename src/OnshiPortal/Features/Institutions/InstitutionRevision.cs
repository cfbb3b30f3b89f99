namespace OnshiPortal.Features.Institutions;

public enum RevisionKind
{
    /// <summary>Shown in the history from <see cref="Institution.CreatedAt"/>; not written as a revision row.</summary>
    Created = 0,
    Changed = 1,
    Closed = 2,
    Reopened = 3,

    /// <summary>承継: this code's account moved to its successor (Changes: Status, SuccessorCode).</summary>
    Succeeded = 4,

    /// <summary>承継: this code took over the account of its predecessor (Changes: PredecessorCode).</summary>
    SucceededFrom = 5,
}

/// <summary>
/// One change to an institution's master data. An import never overwrites silently: every field it changes is
/// written here with its old and new value, and the import run that did it.
/// </summary>
public sealed class InstitutionRevision
{
    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    public long? ImportRunId { get; set; }

    public RevisionKind Kind { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Who: the operator's login, or the OS user that ran the command line.</summary>
    public string ChangedBy { get; set; } = string.Empty;

    /// <summary>JSON object: field name → [old, new].</summary>
    public string Changes { get; set; } = string.Empty;
}
