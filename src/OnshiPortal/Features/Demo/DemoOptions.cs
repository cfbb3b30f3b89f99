namespace OnshiPortal.Features.Demo;

/// <summary>The <c>Demo</c> section: whether an empty database gets demo data (default: yes for the embedded SQLite).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    public int Institutions { get; set; } = 300;

    public string OperatorEmail { get; set; } = "operator@onshi.example";
}
