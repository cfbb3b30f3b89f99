namespace OnshiPortal.Infrastructure;

/// <summary>How far a long step (an import, a campaign issue, an export) has come: shown as a bar on the command line.</summary>
public sealed record WorkProgress(string Phase, int Done, int Total);
