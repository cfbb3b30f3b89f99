namespace OnshiPortal.Features.Institutions;

public static class InstitutionStatusNames
{
    public static string Japanese(this InstitutionStatus status) => status switch
    {
        InstitutionStatus.Active => "有効",
        InstitutionStatus.Closed => "廃止",
        InstitutionStatus.Succeeded => "承継済",
        _ => status.ToString(),
    };

    public static string Japanese(this RevisionKind kind) => kind switch
    {
        RevisionKind.Created => "登録",
        RevisionKind.Changed => "変更",
        RevisionKind.Closed => "廃止",
        RevisionKind.Reopened => "再開",
        RevisionKind.Succeeded => "承継（承継先へ）",
        RevisionKind.SucceededFrom => "承継（承継元から）",
        _ => kind.ToString(),
    };

    /// <summary>The Japanese label of a master field, for the history.</summary>
    public static string FieldLabel(string field) => field switch
    {
        nameof(Institution.Name) => "名称",
        nameof(Institution.NameKana) => "名称カナ",
        nameof(Institution.Founder) => "開設者",
        nameof(Institution.Manager) => "管理者",
        nameof(Institution.PostalCode) => "郵便番号",
        nameof(Institution.Address) => "住所",
        nameof(Institution.Phone) => "電話番号",
        nameof(Institution.OpenedOn) => "開設日",
        nameof(Institution.ClosedOn) => "廃止日",
        nameof(Institution.PredecessorCode) => "承継元医療機関等コード",
        nameof(Institution.Beds) => "病床数",
        nameof(Institution.Status) => "状態",
        nameof(Institution.SuccessorCode) => "承継先の医療機関等コード",
        _ => field,
    };
}
