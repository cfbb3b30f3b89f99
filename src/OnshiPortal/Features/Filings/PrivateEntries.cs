using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using OnshiPortal.Features.People;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The private entries of a filing (the fields a procedure marks <c>Private</c>: the subsidy's bank account) sealed at
/// rest: in <see cref="Filing.Entries"/> and <see cref="Filing.Fields"/> each private value is stored as
/// <c>sealed:</c> and the data-protection ciphertext, whose keys are themselves encrypted with the certificate that is
/// never in the database (docs/security.md). A stolen backup or a read-only SQL leak shows that a claim has an account,
/// not which. Opened only where a person who may see it looks (the institution's filing page and its 控え, the
/// reviewer's page, a correction's form, the month's payment close); values stored in clear before open as they are.
/// </summary>
public sealed class PrivateEntries(IDataProtectionProvider protection)
{
    private const string Marker = "sealed:";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private readonly IDataProtector protector = protection.CreateProtector("OnshiPortal.Filings.PrivateEntries.v1");

    private static readonly byte[] MarkerBytes = System.Text.Encoding.ASCII.GetBytes(Marker);

    public static bool IsSealed(string value) => value.StartsWith(Marker, StringComparison.Ordinal);

    public string Seal(string value) => IsSealed(value) ? value : Marker + protector.Protect(value);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that sealed it is gone, or the value was altered.</exception>
    public string Open(string value) => IsSealed(value) ? protector.Unprotect(value[Marker.Length..]) : value;

    /// <summary>Bytes sealed as a whole (the 全銀 file of a payment batch: every account of the month).</summary>
    public byte[] SealBytes(byte[] value) => [.. MarkerBytes, .. protector.Protect(value)];

    /// <summary>Bytes <see cref="SealBytes"/> sealed, or stored in clear before (a 全銀 file begins with its header record's <c>1</c>).</summary>
    public byte[] OpenBytes(byte[] value) =>
        value.AsSpan().StartsWith(MarkerBytes) ? protector.Unprotect(value[MarkerBytes.Length..]) : value;

    /// <summary>The entries' JSON (field id → value) with the values of <paramref name="privateKeys"/> sealed.</summary>
    public string SealEntries(string entries, IReadOnlyCollection<string> privateKeys)
    {
        ArgumentNullException.ThrowIfNull(privateKeys);
        if (privateKeys.Count == 0 || string.IsNullOrEmpty(entries))
        {
            return entries;
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(entries) ?? [];
        foreach (var key in privateKeys.Where(values.ContainsKey))
        {
            values[key] = Seal(values[key]);
        }

        return JsonSerializer.Serialize(values, Json);
    }

    /// <summary>A filing's entries by field id, private ones opened.</summary>
    public Dictionary<string, string> EntriesOf(Filing filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var values = string.IsNullOrEmpty(filing.Entries) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(filing.Entries) ?? [];
        foreach (var key in values.Keys.Where(k => IsSealed(values[k])).ToList())
        {
            values[key] = Open(values[key]);
        }

        return values;
    }

    /// <summary>The described fields with the private values sealed, as <see cref="Filing.Fields"/> keeps them.</summary>
    public IReadOnlyList<FiledField> SealFields(IReadOnlyList<FiledField> fields) =>
        [.. fields.Select(f => f.Private ? f with { Value = Seal(f.Value) } : f)];

    /// <summary>
    /// The entries as <paramref name="access"/> may see them: a vendor's person (<see cref="InstitutionAccess.IsVendor"/>)
    /// sees <see cref="FilingService.PrivateHidden"/> for a private entry (the subsidy's account: issue 17's rule); the
    /// institution's people and the operators (no access) see all, opened.
    /// </summary>
    public IReadOnlyList<FiledField> For(Filing filing, InstitutionAccess? access) =>
        access is { IsVendor: true } ? FilingService.Hidden(FilingService.FieldsOf(filing)) : FieldsOf(filing);

    /// <summary>A filing's described fields, private ones opened (what the institution and the reviewer read).</summary>
    public IReadOnlyList<FiledField> FieldsOf(Filing filing) =>
        [.. FilingService.FieldsOf(filing).Select(f => f.Private ? f with { Value = Open(f.Value) } : f)];
}
