using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Unit;

public sealed class InstitutionGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_records()
    {
        Assert.Equal(InstitutionGenerator.Generate(500, 7), InstitutionGenerator.Generate(500, 7));
    }

    [Fact]
    public void Another_seed_gives_other_records()
    {
        var first = InstitutionGenerator.Generate(500, 7).ToList();
        var second = InstitutionGenerator.Generate(500, 8).ToList();
        Assert.NotEqual(first, second);
        Assert.True(first.Intersect(second).Count() < 5);
    }

    [Fact]
    public void Codes_are_unique_and_valid()
    {
        var records = InstitutionGenerator.Generate(20_000, 1).ToList();
        Assert.Equal(records.Count, records.Select(r => r.Code.Value).Distinct().Count());
        Assert.All(records, r => Assert.True(InstitutionCode.TryParse(r.Code.Value, out _, out _)));
    }

    [Fact]
    public void Kinds_and_prefectures_have_realistic_shares()
    {
        var records = InstitutionGenerator.Generate(20_000, 2).ToList();
        var kinds = records.GroupBy(r => r.Code.Kind).ToDictionary(g => g.Key, g => g.Count() / (double)records.Count);
        Assert.InRange(kinds[InstitutionKind.Medical], 0.43, 0.49);
        Assert.InRange(kinds[InstitutionKind.Dental], 0.25, 0.31);
        Assert.InRange(kinds[InstitutionKind.Pharmacy], 0.23, 0.29);

        var prefectures = records.GroupBy(r => r.Code.Prefecture).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(47, prefectures.Count);
        Assert.True(prefectures[13] > prefectures[27] && prefectures[27] > prefectures[31] * 10, "Tokyo > Osaka > 10 × Tottori");
    }

    [Fact]
    public void Records_look_like_the_real_master()
    {
        var records = InstitutionGenerator.Generate(5_000, 3).ToList();
        Assert.All(records, r =>
        {
            Assert.StartsWith(Prefectures.NameOf(r.Code.Prefecture), r.Address, StringComparison.Ordinal);
            Assert.Matches(@"\d+-\d+-\d+", r.Address);
            Assert.Matches(@"^0\d{1,4}-\d{1,4}-\d{4}$", r.Phone);
            Assert.Equal(10, TextNormalization.PhoneDigits(r.Phone).Length);
            Assert.Matches("^[ァ-ヶー ]+$", r.NameKana);
            Assert.InRange(r.OpenedOn!.Value.Year, 1970, 2025);
            Assert.True(r.ClosedOn is null || r.ClosedOn > r.OpenedOn);
        });
        var closed = records.Count(r => r.ClosedOn is not null) / (double)records.Count;
        Assert.InRange(closed, 0.01, 0.03);
        Assert.Contains(records, r => r.Founder.StartsWith("医療法人", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Founder.StartsWith("株式会社", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Founder.Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void Postal_codes_fall_in_their_prefecture()
    {
        var records = InstitutionGenerator.Generate(5_000, 4).ToList();
        Assert.All(records.Where(r => r.Code.Prefecture == 13), r => Assert.InRange(int.Parse(r.PostalCode[..3]), 100, 208));
        Assert.All(records.Where(r => r.Code.Prefecture == 1), r => Assert.InRange(int.Parse(r.PostalCode[..3]), 40, 99));
        Assert.All(records.Where(r => r.Code.Prefecture == 27), r => Assert.InRange(int.Parse(r.PostalCode[..3]), 530, 599));
    }

    [Fact]
    public void Names_carry_their_reading()
    {
        var records = InstitutionGenerator.Generate(5_000, 5).ToList();
        var satoClinic = records.First(r => r.Name == "佐藤内科クリニック");
        Assert.Equal("サトウナイカクリニック", satoClinic.NameKana);
        var hospital = records.First(r => r.Name.StartsWith("医療法人社団", StringComparison.Ordinal));
        Assert.StartsWith("イリョウホウジンシャダン", hospital.NameKana, StringComparison.Ordinal);
        Assert.EndsWith("チュウオウビョウイン", hospital.NameKana, StringComparison.Ordinal);
        Assert.Equal(hospital.Name.Count(c => c == ' '), hospital.NameKana.Count(c => c == ' '));
    }

    [Theory]
    [InlineData(CsvEncoding.Utf8)]
    [InlineData(CsvEncoding.ShiftJis)]
    public void Generated_records_pass_the_master_file_checks(CsvEncoding encoding)
    {
        var records = InstitutionGenerator.Generate(20_000, 42).ToList();
        using var stream = new MemoryStream();
        InstitutionCsv.Write(stream, records, encoding);
        stream.Position = 0;

        var result = InstitutionCsv.Read(stream);

        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Take(20)));
        Assert.Equal(records, result.Rows.Select(r => r.Record));
    }

    [Fact]
    public void About_eight_percent_of_medical_institutions_are_hospitals_and_the_others_have_few_beds_or_none()
    {
        var records = InstitutionGenerator.Generate(20_000, 11).ToList();
        var medical = records.Where(r => r.Code.Kind == InstitutionKind.Medical).ToList();
        var hospitals = medical.Count(r => r.Beds >= 20);
        Assert.InRange(hospitals / (double)medical.Count, 0.065, 0.095);
        Assert.All(medical.Where(r => r.Beds >= 20), r => Assert.InRange(r.Beds!.Value, 20, 600));
        Assert.All(medical.Where(r => r.Beds < 20), r => Assert.InRange(r.Beds!.Value, 0, 19));
        Assert.Contains(medical, r => r.Beds is null);
        Assert.Contains(medical, r => r.Beds is > 0 and < 20);
        Assert.All(records.Where(r => r.Code.Kind != InstitutionKind.Medical), r => Assert.Null(r.Beds));
        Assert.Equal(hospitals, medical.Count(r => InstitutionClasses.Of(r.Code.Kind, r.Beds) == InstitutionClass.Hospital));
    }

    [Fact]
    public void A_negative_count_is_refused_at_the_call()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InstitutionGenerator.Generate(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstitutionGenerator.Generate(InstitutionGenerator.MaxCount + 1, 0));
    }
}
