namespace OnshiPortal.Features.Procedures;

/// <summary>One field as _Field.cshtml draws it: its definition and what is in it now.</summary>
public sealed record FieldView(ProcedureField Field, string? Value);
