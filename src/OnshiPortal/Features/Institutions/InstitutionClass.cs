namespace OnshiPortal.Features.Institutions;

/// <summary>What the procedures' rules tell apart: a 病院 from a 診療所 (by 病床), a 歯科診療所, a 薬局.</summary>
public enum InstitutionClass
{
    /// <summary>病院: 医科 with 20 beds or more.</summary>
    Hospital,

    /// <summary>医科診療所: 医科 with fewer than 20 beds, or none given.</summary>
    Clinic,

    /// <summary>歯科診療所.</summary>
    DentalClinic,

    /// <summary>薬局.</summary>
    Pharmacy,
}

public static class InstitutionClasses
{
    /// <summary>医療法 第1条の5: a 病院 has 20 beds or more.</summary>
    public const int HospitalBeds = 20;

    /// <summary>The class from the code's 点数表 digit and the master's 病床数 (a 医科 code with no bed count is a 診療所).</summary>
    public static InstitutionClass Of(InstitutionKind kind, int? beds) => kind switch
    {
        InstitutionKind.Pharmacy => InstitutionClass.Pharmacy,
        InstitutionKind.Dental => InstitutionClass.DentalClinic,
        _ => beds >= HospitalBeds ? InstitutionClass.Hospital : InstitutionClass.Clinic,
    };

    public static string Japanese(this InstitutionClass value) => value switch
    {
        InstitutionClass.Hospital => "病院",
        InstitutionClass.Clinic => "医科診療所",
        InstitutionClass.DentalClinic => "歯科診療所",
        InstitutionClass.Pharmacy => "薬局",
        _ => value.ToString(),
    };
}
