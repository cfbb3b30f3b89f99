namespace OnshiPortal.Features.Institutions;

/// <summary>点数表番号: the third digit of a 医療機関等コード says which fee table the institution bills under.</summary>
public enum InstitutionKind
{
    /// <summary>医科 (hospitals and clinics).</summary>
    Medical = 1,

    /// <summary>歯科 (dental clinics).</summary>
    Dental = 3,

    /// <summary>調剤 (pharmacies, 薬局).</summary>
    Pharmacy = 4,
}

public static class InstitutionKindNames
{
    public static string Japanese(this InstitutionKind kind) => kind switch
    {
        InstitutionKind.Medical => "医科",
        InstitutionKind.Dental => "歯科",
        InstitutionKind.Pharmacy => "薬局",
        _ => kind.ToString(),
    };
}
