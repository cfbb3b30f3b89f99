using System.Text.Json;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.CardReaders;
using OnshiPortal.Infrastructure;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>The procedures engine's rules that need no database: the catalogue, the fields, the kinds of institution.</summary>
public sealed class ProcedureRulesTests
{
    [Fact]
    public void Every_filing_type_is_described_by_one_procedure_with_its_own_letter_and_slug()
    {
        Assert.Equal(Enum.GetValues<FilingType>().Order(), ProcedureCatalog.All.Select(p => p.Type).Order());
        Assert.Equal(ProcedureCatalog.All.Count, ProcedureCatalog.All.Select(p => p.Prefix).Distinct().Count());
        Assert.Equal(ProcedureCatalog.All.Count, ProcedureCatalog.All.Select(p => p.Slug).Distinct().Count());
        Assert.All(ProcedureCatalog.All, p => Assert.Equal(p.Type, ProcedureCatalog.FromSlug(p.Slug)!.Type));
        Assert.Equal("R-2026-000007", ReceiptNumbers.Format(FilingType.CardReaderOrder, 2026, 7));
    }

    [Fact]
    public void Every_engine_procedure_has_its_form_in_the_shipped_configuration()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "appsettings.json")));
        var forms = json.RootElement.GetProperty("Procedures").GetProperty("Forms");
        foreach (var procedure in ProcedureCatalog.All.Where(p => p.UsesEngineForm))
        {
            var fields = forms.GetProperty(procedure.Type.ToString()).GetProperty("Fields").EnumerateArray().Select(f => f.GetProperty("Id").GetString()).ToList();
            Assert.NotEmpty(fields);
            Assert.Equal(fields.Count, fields.Distinct().Count());
        }
    }

    [Theory]
    [InlineData(InstitutionKind.Medical, null, InstitutionClass.Clinic)]
    [InlineData(InstitutionKind.Medical, 0, InstitutionClass.Clinic)]
    [InlineData(InstitutionKind.Medical, 19, InstitutionClass.Clinic)]
    [InlineData(InstitutionKind.Medical, 20, InstitutionClass.Hospital)]
    [InlineData(InstitutionKind.Medical, 600, InstitutionClass.Hospital)]
    [InlineData(InstitutionKind.Dental, 40, InstitutionClass.DentalClinic)]
    [InlineData(InstitutionKind.Pharmacy, null, InstitutionClass.Pharmacy)]
    public void A_hospital_is_a_medical_institution_with_twenty_beds_or_more(InstitutionKind kind, int? beds, InstitutionClass expected) =>
        Assert.Equal(expected, InstitutionClasses.Of(kind, beds));

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 3, 0)]
    [InlineData(1, 4, 0)]
    public void What_is_left_of_the_card_reader_allowance_never_goes_below_zero(int limit, int ordered, int left) =>
        Assert.Equal(left, new CardReaderAllowance(InstitutionClass.Hospital, limit, ordered).Left);

    private static readonly List<ProcedureField> Fields =
    [
        new() { Id = "n", Label = "台数", Type = FieldType.Number, Min = 1, Max = 3 },
        new() { Id = "m", Label = "予定月", Type = FieldType.Month },
        new() { Id = "c", Label = "回線", Type = FieldType.Choice, Choices = ["光回線", "その他"] },
        new() { Id = "p", Label = "郵便番号", Type = FieldType.PostalCode },
        new() { Id = "t", Label = "電話", Type = FieldType.Phone },
        new() { Id = "e", Label = "メール", Type = FieldType.Email, Required = false },
    ];

    [Fact]
    public void Entries_are_normalised_as_clerks_type_them()
    {
        var check = ProcedureFields.Check(Fields, new Dictionary<string, string?>
        {
            ["n"] = "３",
            ["m"] = "2027年4月",
            ["c"] = "光回線",
            ["p"] = "〒１００－０００１",
            ["t"] = "０３－１２３４－５６７８",
            ["e"] = "",
        });
        Assert.True(check.IsValid, string.Join(" ", check.Errors.Values));
        Assert.Equal("3", check.Values["n"]);
        Assert.Equal(3, check.Number("n"));
        Assert.Equal("2027-04", check.Values["m"]);
        Assert.Equal("1000001", check.Values["p"]);
        Assert.Equal("03-1234-5678", check.Values["t"]);
    }

    [Theory]
    [InlineData("n", "0", "台数は1から3までの数で入力してください。")]
    [InlineData("n", "4", "台数は1から3までの数で入力してください。")]
    [InlineData("n", "-1", "台数は半角数字で入力してください。")]
    [InlineData("n", "1.5", "台数は半角数字で入力してください。")]
    [InlineData("m", "2027-13", "予定月は「2027-04」の形で、正しい年月を入力してください。")]
    [InlineData("c", "光回線 ", null)]
    [InlineData("c", "衛星", "回線は一覧から選んでください。")]
    [InlineData("c", "", "回線を選んでください。")]
    [InlineData("p", "12345", "郵便番号は7桁の数字で入力してください（例: 100-0013）。")]
    [InlineData("t", "電話なし", "電話は数字とハイフンで入力してください（例: 03-1234-5678）。")]
    [InlineData("e", "a@b", "メールは正しいメールアドレスの形で入力してください。")]
    [InlineData("e", "Name <a@example.jp>", "メールは正しいメールアドレスの形で入力してください。")]
    public void A_wrong_entry_is_refused_with_its_reason(string id, string value, string? error)
    {
        var entered = new Dictionary<string, string?> { ["n"] = "1", ["m"] = "2027-04", ["c"] = "光回線", ["p"] = "1000001", ["t"] = "03-1234-5678", ["e"] = "a@example.jp" };
        entered[id] = value;
        var check = ProcedureFields.Check(Fields, entered);
        Assert.Equal(error, check.Errors.GetValueOrDefault(id));
    }

    [Fact]
    public void A_month_is_shown_in_both_calendars() =>
        Assert.Equal("令和9年4月（2027年4月）", Wareki.Month(new DateOnly(2027, 4, 1)));
}
