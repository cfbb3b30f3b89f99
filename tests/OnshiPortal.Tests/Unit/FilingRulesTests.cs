using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Deferral;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Tests.Unit;

/// <summary>The rules of filings that need no database: deferral categories, document signatures, receipt numbers, ages.</summary>
public sealed class FilingRulesTests
{
    private static readonly DeferralCategory SystemCategory = new()
    {
        Id = "system",
        Name = "システム整備中",
        Fields =
        [
            new ProcedureField { Id = "contractDate", Label = "契約締結日", Type = FieldType.Date, Latest = new DateOnly(2023, 2, 28) },
            new ProcedureField { Id = "vendor", Label = "契約先", Type = FieldType.Text, MaxLength = 10 },
            new ProcedureField { Id = "completion", Label = "完了見込み日", Type = FieldType.Date, Latest = new DateOnly(2023, 9, 30) },
        ],
        End = new DeferralEndRule { Field = "completion" },
    };

    private static readonly DeferralCategory Network = new()
    {
        Id = "network",
        Fields = [new ProcedureField { Id = "line", Label = "利用可能日", Type = FieldType.Date }],
        End = new DeferralEndRule { Field = "line", AddMonths = 6 },
    };

    [Fact]
    public void A_category_with_good_entries_grants_the_date_of_its_end_field()
    {
        var check = DeferralRules.Check(SystemCategory, new Dictionary<string, string?> { ["contractDate"] = "２０２３－０２－２８", ["vendor"] = " ベンダー ", ["completion"] = "2023/9/30" });
        Assert.True(check.IsValid);
        Assert.Equal(new DateOnly(2023, 9, 30), check.EndsOn);
        Assert.Equal("2023-02-28", check.Values["contractDate"]);
        Assert.Equal("ベンダー", check.Values["vendor"]);
    }

    [Fact]
    public void Dates_after_their_latest_missing_fields_and_long_text_are_refused_by_field()
    {
        var check = DeferralRules.Check(SystemCategory, new Dictionary<string, string?> { ["contractDate"] = "2023-03-01", ["vendor"] = new string('あ', 11), ["completion"] = "" });
        Assert.False(check.IsValid);
        Assert.Null(check.EndsOn);
        Assert.Equal("契約締結日は令和5年2月28日（2023年2月28日）以前の日付を入力してください。", check.Errors["contractDate"]);
        Assert.Contains("10文字以内", check.Errors["vendor"]);
        Assert.Equal("完了見込み日を入力してください。", check.Errors["completion"]);
    }

    [Theory]
    [InlineData("2023-06-01", "2023-12-01")]
    [InlineData("2023-08-31", "2024-02-29")] // the month's last day when the day does not exist
    public void A_months_rule_adds_months_to_its_field(string line, string end)
    {
        var check = DeferralRules.Check(Network, new Dictionary<string, string?> { ["line"] = line });
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), check.EndsOn);
    }

    [Fact]
    public void A_fixed_rule_ignores_the_entries_and_minimum_lengths_count_characters()
    {
        var visits = new DeferralCategory { Id = "homeVisit", End = new DeferralEndRule { Fixed = new DateOnly(2024, 12, 1) } };
        Assert.Equal(new DateOnly(2024, 12, 1), DeferralRules.Check(visits, new Dictionary<string, string?>()).EndsOn);

        var other = new DeferralCategory { Id = "other", Fields = [new ProcedureField { Id = "why", Label = "事情", Type = FieldType.LongText, MinLength = 20 }] };
        Assert.Contains("20文字以上", DeferralRules.Check(other, new Dictionary<string, string?> { ["why"] = new string('あ', 19) }).Errors["why"]);
        var twoLines = DeferralRules.Check(other, new Dictionary<string, string?> { ["why"] = new string('あ', 10) + "\r\n" + new string('い', 10) });
        Assert.True(twoLines.IsValid);
        Assert.Equal(new string('あ', 10) + "\n" + new string('い', 10), twoLines.Values["why"]);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)] // a ZIP (or .docx) renamed .pdf
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C }, null)] // HTML
    [InlineData(new byte[] { }, null)]
    public void Documents_are_recognised_by_their_first_bytes(byte[] head, string? expected) =>
        Assert.Equal(expected, AttachmentStore.Detect(head));

    [Fact]
    public void Receipt_numbers_carry_the_type_the_year_and_six_digits()
    {
        Assert.Equal("S-2023-000123", ReceiptNumbers.Format(FilingType.Succession, 2023, 123));
        Assert.Equal("D-2024-000045", ReceiptNumbers.Format(FilingType.Deferral, 2024, 45));
    }

    [Fact]
    public void A_filing_ages_until_it_is_decided_and_days_are_japanese_days()
    {
        var submitted = new DateTimeOffset(2023, 3, 1, 1, 0, 0, TimeSpan.Zero);
        var filing = new Filing { ReceiptNumber = "D-2023-000001", InstitutionCode = "0110113719", FiledByUserId = "u", SubmittedAt = submitted, UpdatedAt = submitted.AddDays(3), State = FilingState.Accepted };
        Assert.Equal(3, FilingQueries.AgeInDays(filing, submitted.AddDays(10)));
        filing.State = FilingState.Submitted;
        Assert.Equal(10, FilingQueries.AgeInDays(filing, submitted.AddDays(10)));

        // 31 March 2023 23:30 in Japan is still the 31st; 1 April 00:30 is not.
        Assert.Equal(new DateOnly(2023, 3, 31), JapanTime.DayOf(new DateTimeOffset(2023, 3, 31, 14, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2023, 4, 1), JapanTime.DayOf(new DateTimeOffset(2023, 3, 31, 15, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2023, 2, 28, 15, 0, 0, TimeSpan.Zero), JapanTime.StartOf(new DateOnly(2023, 3, 1)));
    }
}
