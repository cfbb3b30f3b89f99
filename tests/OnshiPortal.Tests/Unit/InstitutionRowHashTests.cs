using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;

namespace OnshiPortal.Tests.Unit;

/// <summary>The import's fingerprint of a row: equal exactly when the import's field comparison finds no change.</summary>
public sealed class InstitutionRowHashTests
{
    private static readonly InstitutionRecord Record = InstitutionGenerator.Generate(1, 7).Single() with { Beds = 30 };

    [Fact]
    public void A_record_and_the_institution_made_from_it_have_the_same_fingerprint()
    {
        var institution = Record.ToInstitution(DateTimeOffset.UnixEpoch);
        Assert.Equal(InstitutionRowHash.Of(Record, Record.Beds), InstitutionRowHash.Of(institution));
        Assert.Equal(InstitutionRowHash.Of(institution), institution.ImportRowHash);
    }

    [Fact]
    public void Every_compared_field_changes_the_fingerprint()
    {
        var before = InstitutionRowHash.Of(Record, Record.Beds);
        InstitutionRecord[] changed =
        [
            Record with { Name = Record.Name + "分院" },
            Record with { NameKana = Record.NameKana + "ア" },
            Record with { Founder = "別人" },
            Record with { Manager = "別人" },
            Record with { PostalCode = "1000001" },
            Record with { Address = Record.Address + "1" },
            Record with { Phone = "03-0000-0000" },
            Record with { OpenedOn = new DateOnly(1999, 1, 1) },
            Record with { ClosedOn = new DateOnly(2030, 1, 1) },
            Record with { PredecessorCode = "1310000008" },
        ];
        foreach (var record in changed)
        {
            Assert.NotEqual(before, InstitutionRowHash.Of(record, record.Beds));
            Assert.NotEmpty(InstitutionMapping.Differences(Record.ToInstitution(DateTimeOffset.UnixEpoch), record));
        }

        Assert.NotEqual(before, InstitutionRowHash.Of(Record, 31));
        Assert.NotEqual(before, InstitutionRowHash.Of(Record, null));
    }

    [Fact]
    public void Moving_text_from_one_field_to_the_next_changes_the_fingerprint()
    {
        var record = Record with { Founder = "山田", Manager = string.Empty };
        var moved = Record with { Founder = string.Empty, Manager = "山田" };
        Assert.NotEqual(InstitutionRowHash.Of(record, null), InstitutionRowHash.Of(moved, null));
    }

    [Fact]
    public void No_predecessor_and_an_empty_one_are_the_same_as_for_the_field_comparison()
    {
        var institution = Record.ToInstitution(DateTimeOffset.UnixEpoch);
        institution.PredecessorCode = string.Empty;
        Assert.Empty(InstitutionMapping.Differences(institution, Record with { PredecessorCode = null }));
        Assert.Equal(InstitutionRowHash.Of(Record with { PredecessorCode = null }, Record.Beds), InstitutionRowHash.Of(institution));
    }
}
