using System.Globalization;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// Synthetic master data that looks like the real thing, for development databases, demos and load tests: valid
/// and unique codes, kinds and prefectures in realistic shares, names with their correct readings, and addresses
/// with the numbers a Japan Post customer barcode needs. The same seed gives the same records.
/// </summary>
public static partial class InstitutionGenerator
{
    /// <summary>Far above the real master (about 230,000 institutions) and well below where codes would run out.</summary>
    public const int MaxCount = 1_000_000;

    private static readonly DateOnly FirstOpening = new(1970, 1, 1);
    private static readonly DateOnly LastOpening = new(2025, 12, 31);
    private static readonly DateOnly LastClosing = new(2026, 3, 31);

    public static IEnumerable<InstitutionRecord> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        return Records(count, seed);
    }

    // Separate from Generate so that a bad count fails at the call, not at the first MoveNext.
    private static IEnumerable<InstitutionRecord> Records(int count, int seed)
    {
        var random = new Random(seed);

        // The beds draw from a random of their own, so that a seed gives the same institutions as before they had beds.
        var bedsRandom = new Random(unchecked((seed * 397) ^ 0x5eed));
        var codes = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var record = Next(random, codes);
            yield return record with { Beds = Beds(bedsRandom, record.Code.Kind) };
        }
    }

    /// <summary>
    /// 病床数: about 8% of 医科 institutions are hospitals (20 to 600 beds; InstitutionClasses counts 20 or more as a
    /// 病院), a few clinics have beds (有床診療所, 1 to 19), most none (0) or not given; 歯科 and 薬局 give none.
    /// </summary>
    private static int? Beds(Random random, InstitutionKind kind)
    {
        var draw = random.Next(100);
        var size = random.Next(1_000);
        return kind != InstitutionKind.Medical ? null
            : draw < 8 ? 20 + (int)(580 * Math.Pow(size / 999.0, 2)) // hospitals: many small, a few large
            : draw < 18 ? 1 + (size % 19)
            : draw < 70 ? 0
            : null;
    }

    private static InstitutionRecord Next(Random random, HashSet<int> codes)
    {
        var prefecture = Profiles[PickWeighted(random, CumulativePopulation)];
        var kind = PickKind(random);

        // The first place is the prefecture's main city, which has more institutions than the others.
        var placeIndex = Math.Max(0, random.Next(-1, prefecture.Places.Length));
        var place = prefecture.Places[placeIndex];
        var code = NewCode(random, codes, prefecture.Code, kind, placeIndex);

        var pattern = Pick(random, PatternsOf(kind));
        var surname = Pick(random, Surnames);
        var town = Pick(random, Towns);
        var name = Fill(pattern.Name, surname.Text, place.Short.Text, town.Text);
        var nameKana = Fill(pattern.Kana, surname.Kana, place.Short.Kana, town.Kana);

        var (founder, founderIsPerson) = Founder(random, pattern, kind, surname, place);
        var manager = founderIsPerson && random.Next(5) > 0
            ? founder
            : Person(random, random.Next(3) == 0 ? surname : Pick(random, Surnames));

        var openedOn = FirstOpening.AddDays(random.Next(LastOpening.DayNumber - FirstOpening.DayNumber + 1));
        DateOnly? closedOn = random.Next(50) == 0
            ? openedOn.AddDays(random.Next(1, LastClosing.DayNumber - openedOn.DayNumber + 1))
            : null;

        return new InstitutionRecord(
            code,
            name,
            nameKana,
            founder,
            manager,
            PostalCode(random, prefecture),
            Address(random, prefecture, place, town),
            Phone(random, place.AreaCode),
            openedOn,
            closedOn);
    }

    private static InstitutionKind PickKind(Random random) => random.Next(100) switch
    {
        < 46 => InstitutionKind.Medical,
        < 74 => InstitutionKind.Dental,
        _ => InstitutionKind.Pharmacy,
    };

    private static NamePattern[] PatternsOf(InstitutionKind kind) => kind switch
    {
        InstitutionKind.Medical => MedicalPatterns,
        InstitutionKind.Dental => DentalPatterns,
        _ => PharmacyPatterns,
    };

    /// <summary>
    /// A code not given yet. 郡市区番号 follows the place (ten numbers each) as real codes follow the city.
    /// </summary>
    private static InstitutionCode NewCode(Random random, HashSet<int> codes, int prefecture, InstitutionKind kind, int placeIndex)
    {
        while (true)
        {
            var district = placeIndex * 10 + 1 + random.Next(10);
            var number = random.Next(1, 10_000);
            var key = ((prefecture * 10 + (int)kind) * 100 + district) * 10_000 + number;
            if (codes.Add(key))
            {
                return InstitutionCode.Create(prefecture, kind, district, number);
            }
        }
    }

    private static (string Name, bool IsPerson) Founder(
        Random random, NamePattern pattern, InstitutionKind kind, Word surname, Place place)
    {
        // A clinic named after a surname is that doctor's, in person or through the corporation of that name.
        var namesake = pattern.Name.Contains("{S}", StringComparison.Ordinal) ? surname : Pick(random, Surnames);
        switch (pattern.Founder)
        {
            case FounderKind.SocialMedicalCorporation:
                return ($"医療法人社団{surname.Text}会", false);
            case FounderKind.MedicalCorporation:
                return ($"医療法人{surname.Text}会", false);
            case FounderKind.Company:
                return (Fill(Pick(random, Companies), Pick(random, Surnames).Text, place.Short.Text, string.Empty), false);
        }

        if (random.Next(100) < 55)
        {
            return (Person(random, namesake), true);
        }

        if (kind == InstitutionKind.Pharmacy)
        {
            return (Fill(Pick(random, Companies), namesake.Text, place.Short.Text, string.Empty), false);
        }

        return (random.Next(2) == 0 ? $"医療法人社団{namesake.Text}会" : $"医療法人{namesake.Text}会", false);
    }

    private static string Person(Random random, Word surname) => $"{surname.Text} {Pick(random, GivenNames).Text}";

    private static string PostalCode(Random random, PrefectureProfile prefecture) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.Next(prefecture.PostalFrom, prefecture.PostalTo + 1):000}{random.Next(10_000):0000}");

    /// <summary>"{都道府県}{市区}{町名}{丁目}-{番}-{号}", now and then with a building.</summary>
    private static string Address(Random random, PrefectureProfile prefecture, Place place, Word town)
    {
        var prefectureName = Prefectures.NameOf(prefecture.Code);
        var address = string.Create(
            CultureInfo.InvariantCulture,
            $"{prefectureName}{place.Municipality}{town.Text}{random.Next(1, 6)}-{random.Next(1, 31)}-{random.Next(1, 21)}");
        return random.Next(100) < 15
            ? string.Create(CultureInfo.InvariantCulture, $"{address} {Pick(random, Surnames).Text}ビル{random.Next(1, 9)}階")
            : address;
    }

    /// <summary>A fixed-line number: area code, local exchange (6 digits between them) and four digits.</summary>
    private static string Phone(Random random, string areaCode)
    {
        var exchangeLength = 6 - areaCode.Length;
        var exchange = random.Next(2, 10).ToString(CultureInfo.InvariantCulture);
        for (var i = 1; i < exchangeLength; i++)
        {
            exchange += random.Next(10).ToString(CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{areaCode}-{exchange}-{random.Next(10_000):0000}");
    }

    private static string Fill(string pattern, string surname, string place, string town) =>
        pattern.Replace("{S}", surname, StringComparison.Ordinal)
            .Replace("{P}", place, StringComparison.Ordinal)
            .Replace("{T}", town, StringComparison.Ordinal);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static int PickWeighted(Random random, int[] cumulative)
    {
        var target = random.Next(cumulative[^1]);
        var index = Array.BinarySearch(cumulative, target);

        // cumulative[i] is the total of weights 0..i: the pick is the first entry above the target.
        return index >= 0 ? index + 1 : ~index;
    }

    private static int[] Cumulative(IEnumerable<int> weights)
    {
        var total = 0;
        return [.. weights.Select(w => total += w)];
    }
}
