namespace OnshiPortal.Features.Activation;

/// <summary>What アカウント情報編集 holds between the input page, the check page and the confirmation.</summary>
public sealed record ActivationDraft(string Email, string Password, string Phone, string ContactPerson);
