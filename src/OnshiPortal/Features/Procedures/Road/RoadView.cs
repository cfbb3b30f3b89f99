namespace OnshiPortal.Features.Procedures.Road;

/// <summary>The road as _Road.cshtml draws it; the links to act are shown only to someone who may act (not to an operator or a 閲覧者).</summary>
public sealed record RoadView(IReadOnlyList<RoadStep> Steps, bool ShowLinks);
