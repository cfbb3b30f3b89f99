using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Search;

/// <summary>
/// A ten-digit code whose 検証番号 does not match, as a caller may read it out: the valid codes one misheard digit
/// or one swap of two neighbouring digits away (the two slips the check digit exists to catch), those the master
/// knows. The call centre asks which one the caller means instead of answering 「0件」.
/// </summary>
public static class MisheardCodes
{
    /// <summary>Every valid code one digit or one neighbour swap from <paramref name="digits"/>, in code order.</summary>
    public static IReadOnlyList<string> Near(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != InstitutionCode.Length || !digits.All(char.IsAsciiDigit))
        {
            return [];
        }

        var near = new SortedSet<string>(StringComparer.Ordinal);
        var chars = digits.ToCharArray();
        for (var position = 0; position < chars.Length; position++)
        {
            var heard = chars[position];
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != heard)
                {
                    chars[position] = digit;
                    AddIfValid(near, chars);
                }
            }

            chars[position] = heard;
        }

        for (var position = 0; position + 1 < chars.Length; position++)
        {
            if (chars[position] != chars[position + 1])
            {
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                AddIfValid(near, chars);
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
            }
        }

        near.Remove(digits);
        return [.. near];
    }

    /// <summary>The institutions of the master among <see cref="Near"/>: a query by key, at most a few dozen codes.</summary>
    public static async Task<IReadOnlyList<InstitutionSummary>> InMasterAsync(PortalDbContext db, string digits, CancellationToken cancellationToken = default)
    {
        var near = Near(digits);
        if (near.Count == 0)
        {
            return [];
        }

        return await db.Institutions.AsNoTracking()
            .Where(i => near.Contains(i.Code))
            .OrderBy(i => i.Code)
            .Select(InstitutionSearch.Summary)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether ten digits fail only on their 検証番号 (a structurally possible code, misheard).</summary>
    public static bool CheckDigitFails(string? digits) =>
        digits is { Length: InstitutionCode.Length }
        && !InstitutionCode.TryParse(digits, out _, out _)
        && InstitutionCode.CheckDigit(digits.AsSpan(0, 9)) != digits[9] - '0';

    private static void AddIfValid(SortedSet<string> near, char[] chars)
    {
        var candidate = new string(chars);
        if (InstitutionCode.TryParse(candidate, out _, out _))
        {
            near.Add(candidate);
        }
    }
}
