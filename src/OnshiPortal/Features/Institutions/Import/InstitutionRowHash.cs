using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OnshiPortal.Features.Institutions.Import;

/// <summary>
/// A fingerprint of the fields an import compares (<see cref="InstitutionMapping.Differences"/>), stored on each row
/// as <see cref="Institution.ImportRowHash"/>: a re-import reads codes and fingerprints, not 250,000 whole rows, and
/// compares field by field only the rows whose fingerprint differs. Equal fields give equal fingerprints, with the
/// comparison's own rules (null and empty text are the same); SHA-256, so that different fields give different
/// ones (64 bits of it: a chance of 2⁻⁶⁴ that a changed row is taken for unchanged).
/// </summary>
internal static class InstitutionRowHash
{
    /// <summary>The fingerprint of a file's record, with the beds the row will have (the stored ones when the file has no such column).</summary>
    public static long Of(InstitutionRecord record, int? beds) => Compute(
        record.Name, record.NameKana, record.Founder, record.Manager, record.PostalCode, record.Address, record.Phone,
        record.OpenedOn, record.ClosedOn, record.PredecessorCode, beds);

    /// <summary>The fingerprint of a row as it will be stored.</summary>
    public static long Of(Institution institution) => Compute(
        institution.Name, institution.NameKana, institution.Founder, institution.Manager, institution.PostalCode, institution.Address,
        institution.Phone, institution.OpenedOn, institution.ClosedOn, institution.PredecessorCode, institution.Beds);

    private static long Compute(
        string? name, string? nameKana, string? founder, string? manager, string? postalCode, string? address, string? phone,
        DateOnly? openedOn, DateOnly? closedOn, string? predecessorCode, int? beds)
    {
        ReadOnlySpan<string?> texts = [name, nameKana, founder, manager, postalCode, address, phone, predecessorCode];
        var length = 3 * sizeof(int);
        foreach (var text in texts)
        {
            length += sizeof(int) + (text?.Length ?? 0) * sizeof(char);
        }

        byte[]? rented = null;
        var buffer = length <= 4096 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        var at = 0;
        foreach (var text in texts)
        {
            // Each text is its length then its UTF-16 code units: no two lists of texts give the same bytes.
            var chars = MemoryMarshal.AsBytes((text ?? string.Empty).AsSpan());
            BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], chars.Length);
            chars.CopyTo(buffer[(at + sizeof(int))..]);
            at += sizeof(int) + chars.Length;
        }

        BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], openedOn?.DayNumber ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(at + 4)..], closedOn?.DayNumber ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(at + 8)..], beds ?? -1);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer, digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
