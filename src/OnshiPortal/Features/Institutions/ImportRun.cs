namespace OnshiPortal.Features.Institutions;

/// <summary>One run of <c>onshi institutions import</c> that committed.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string Encoding { get; set; } = string.Empty;

    public bool Full { get; set; }

    public string RunBy { get; set; } = string.Empty;

    public int Rows { get; set; }

    public int Added { get; set; }

    public int Changed { get; set; }

    public int Unchanged { get; set; }

    public int Closed { get; set; }
}
