using System.ComponentModel.DataAnnotations;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>E-mail addresses as people type them: copied from a letter, or through a Japanese IME.</summary>
public static class EmailAddresses
{
    /// <summary>Full-width forms folded (NFKC) and spaces trimmed, before any check or lookup.</summary>
    public static string Fold(string? value) => TextNormalization.Nfkc(value ?? string.Empty).Trim();
}

/// <summary>An address the portal can mail (<see cref="MailAddresses.IsSendable"/>); an empty field is [Required]'s.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MailAddressAttribute : ValidationAttribute
{
    public MailAddressAttribute() => ErrorMessage = "メールアドレスの形式が正しくありません。";

    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || MailAddresses.IsSendable(EmailAddresses.Fold(text));
}

/// <summary>A form whose one field is an e-mail address (registration mail, reset mail).</summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "メールアドレスを入力してください。")]
    [MailAddress]
    [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
    public string Email { get; set; } = string.Empty;
}
