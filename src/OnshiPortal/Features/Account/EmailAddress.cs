using System.ComponentModel.DataAnnotations;
using System.Text;

namespace OnshiPortal.Features.Account;

/// <summary>E-mail addresses as people type them: copied from a letter, or through a Japanese IME.</summary>
public static class EmailAddresses
{
    /// <summary>Full-width forms folded (NFKC) and spaces trimmed, before any check or lookup.</summary>
    public static string Fold(string? value) => (value ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
}

/// <summary>A form whose one field is an e-mail address (registration mail, reset mail).</summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "メールアドレスを入力してください。")]
    [EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。")]
    [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
    public string Email { get; set; } = string.Empty;
}
