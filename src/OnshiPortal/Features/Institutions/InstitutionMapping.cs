using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace OnshiPortal.Features.Institutions;

/// <summary>How a master record becomes an institution, and what a new record changes in an existing one.</summary>
internal static class InstitutionMapping
{
    private static readonly JsonSerializerOptions ChangesJson = new()
    {
        // Keep Japanese readable in the database and in exports of the history.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static Institution ToInstitution(this InstitutionRecord record, DateTimeOffset now) => new()
    {
        ImportRowHash = Import.InstitutionRowHash.Of(record, record.Beds),
        Code = record.Code.Value,
        Prefecture = record.Code.Prefecture,
        Kind = record.Code.Kind,
        Name = record.Name,
        NameKana = record.NameKana,
        Founder = record.Founder,
        Manager = record.Manager,
        PostalCode = record.PostalCode,
        Address = record.Address,
        Phone = record.Phone,
        PhoneDigits = DigitsOf(record.Phone),
        SearchText = SearchTextOf(record.Name, record.NameKana),
        OpenedOn = record.OpenedOn,
        ClosedOn = record.ClosedOn,
        PredecessorCode = record.PredecessorCode,
        Beds = record.Beds,
        Status = record.ClosedOn is null ? InstitutionStatus.Active : InstitutionStatus.Closed,
        UpdatedAt = now,
        CreatedAt = now,
    };

    public static InstitutionRecord ToRecord(this Institution institution) => new(
        InstitutionCode.Parse(institution.Code),
        institution.Name,
        institution.NameKana,
        institution.Founder,
        institution.Manager,
        institution.PostalCode,
        institution.Address,
        institution.Phone,
        institution.OpenedOn,
        institution.ClosedOn,
        institution.PredecessorCode,
        institution.Beds);

    /// <summary>The fields a record would change, by name, with their old and new values (empty when none).</summary>
    public static Dictionary<string, string?[]> Differences(Institution current, InstitutionRecord record)
    {
        var changes = new Dictionary<string, string?[]>();
        Compare(changes, nameof(Institution.Name), current.Name, record.Name);
        Compare(changes, nameof(Institution.NameKana), current.NameKana, record.NameKana);
        Compare(changes, nameof(Institution.Founder), current.Founder, record.Founder);
        Compare(changes, nameof(Institution.Manager), current.Manager, record.Manager);
        Compare(changes, nameof(Institution.PostalCode), current.PostalCode, record.PostalCode);
        Compare(changes, nameof(Institution.Address), current.Address, record.Address);
        Compare(changes, nameof(Institution.Phone), current.Phone, record.Phone);
        Compare(changes, nameof(Institution.OpenedOn), Date(current.OpenedOn), Date(record.OpenedOn));
        Compare(changes, nameof(Institution.ClosedOn), Date(current.ClosedOn), Date(record.ClosedOn));
        Compare(changes, nameof(Institution.PredecessorCode), current.PredecessorCode, record.PredecessorCode);
        if (record.HasBeds)
        {
            Compare(changes, nameof(Institution.Beds), Number(current.Beds), Number(record.Beds));
        }

        return changes;
    }

    public static string ToJson(Dictionary<string, string?[]> changes) =>
        changes.Count == 0 ? string.Empty : JsonSerializer.Serialize(changes, ChangesJson);

    public static Dictionary<string, string?[]> FromJson(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, string?[]>>(json, ChangesJson) ?? [];

    /// <summary>The stored search text; records are already normalised (NFKC) by the CSV reader.</summary>
    public static string SearchTextOf(string name, string nameKana) => TextNormalization.Katakana(name) + "\n" + TextNormalization.Katakana(nameKana);

    public static string DigitsOf(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    private static void Compare(Dictionary<string, string?[]> changes, string field, string? before, string? after)
    {
        if (!string.Equals(before ?? string.Empty, after ?? string.Empty, StringComparison.Ordinal))
        {
            changes[field] = [before, after];
        }
    }

    private static string? Number(int? number) => number?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
