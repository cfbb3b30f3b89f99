using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The steps an institution has reached, as bits of <see cref="Institutions.Institution.DashboardSteps"/>: the
/// registration dashboard counts the master by (status, prefecture, kind, steps), about a thousand groups for
/// 250,000 institutions, and adds the groups up for each figure.
/// </summary>
[Flags]
public enum DashboardStep
{
    None = 0,

    /// <summary>利用申請 受理 (<see cref="Institutions.Institution.ServiceAppliedOn"/>).</summary>
    ServiceApplied = 1,

    /// <summary>運用開始 (<see cref="Institutions.Institution.OperationStartedOn"/>).</summary>
    OperationStarted = 2,

    /// <summary>An account of record (<see cref="Institutions.Institution.AccountCreatedOn"/>).</summary>
    Account = 4,

    /// <summary>仮IDで初回ログイン (<see cref="Institutions.Institution.FirstTemporaryLoginAt"/>).</summary>
    TemporaryLogin = 8,

    /// <summary>本登録の申請 (<see cref="Institutions.Institution.ActivationRequestedAt"/>).</summary>
    ActivationRequested = 16,

    /// <summary>登録完了 (<see cref="Institutions.Institution.ActivatedAt"/>).</summary>
    Activated = 32,

    /// <summary>仮ID発行 (<see cref="Institutions.Institution.FirstCredentialIssuedAt"/>).</summary>
    CredentialIssued = 64,
}

/// <summary>The generated column's expression: the same SQL on SQLite and PostgreSQL.</summary>
internal static class DashboardStepColumn
{
    public static readonly string Sql = StepBitsSql.Of(
        ("ServiceAppliedOn", DashboardStep.ServiceApplied),
        ("OperationStartedOn", DashboardStep.OperationStarted),
        ("AccountCreatedOn", DashboardStep.Account),
        ("FirstTemporaryLoginAt", DashboardStep.TemporaryLogin),
        ("ActivationRequestedAt", DashboardStep.ActivationRequested),
        ("ActivatedAt", DashboardStep.Activated),
        ("FirstCredentialIssuedAt", DashboardStep.CredentialIssued));
}
