namespace OnshiPortal.Features.Procedures.Road;

/// <summary>The road as _Road.cshtml draws it; the links to act are shown only to someone who may act (not to an operator or a 閲覧者).</summary>
/// <param name="Nested">Inside a section of its own (the call centre's page): the steps' titles are h3, not h2.</param>
public sealed record RoadView(IReadOnlyList<RoadStep> Steps, bool ShowLinks, bool Nested = false);
