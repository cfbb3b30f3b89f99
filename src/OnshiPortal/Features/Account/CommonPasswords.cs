using System.Collections.Frozen;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Passwords too common to accept, whatever their length (NIST SP 800-63B §5.1.1.2: compare against values known
/// to be commonly used or compromised). The list ships with the project (CommonPasswords.txt, its source in its header).
/// </summary>
public static class CommonPasswords
{
    private static readonly FrozenSet<string> List = Load();

    public static bool Contains(string? password) =>
        !string.IsNullOrEmpty(password) && List.Contains(password.Trim().ToLowerInvariant());

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("OnshiPortal.Features.Account.CommonPasswords.txt")
            ?? throw new InvalidOperationException("CommonPasswords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>The same check as a validation attribute, so that it is reported beside the field with the others.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotCommonPasswordAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public NotCommonPasswordAttribute()
        : base("このパスワードはよく使われていて推測されやすいため使えません。別のパスワードを入力してください。")
    {
    }

    public override bool IsValid(object? value) => !CommonPasswords.Contains(value as string);
}
