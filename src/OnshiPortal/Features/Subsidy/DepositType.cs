namespace OnshiPortal.Features.Subsidy;

/// <summary>預金種目, with the 全銀 code as its value (普通 1, 当座 2; 貯蓄 4 and その他 9 are not paid into).</summary>
public enum DepositType
{
    /// <summary>普通預金.</summary>
    Ordinary = 1,

    /// <summary>当座預金.</summary>
    Current = 2,
}

public static class DepositTypes
{
    public static string Japanese(this DepositType type) => type switch
    {
        DepositType.Ordinary => "普通",
        DepositType.Current => "当座",
        _ => type.ToString(),
    };

    /// <summary>The 全銀 code: '1' or '2'.</summary>
    public static char Code(this DepositType type) => (char)('0' + (int)type);
}
