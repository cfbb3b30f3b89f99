using System.Collections.Frozen;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Passwords too common to accept, whatever their length (NIST SP 800-63B §5.1.1.2: compare against values known
/// to be commonly used or compromised). The list ships with the project (CommonPasswords.txt, its source in its header).
/// </summary>
public static class CommonPasswords
{
    // Before the sets below: static fields start in the order they are written.
    private static readonly char[] Decoration = [.. "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "];

    private static readonly FrozenSet<string> List = Load();

    /// <summary>
    /// The words under the list's decorations: "password1234" and "iloveyou123!" give "password" and "iloveyou".
    /// A password that is one of them with digits or symbols put around it is as common as the list's own entries.
    /// </summary>
    private static readonly FrozenSet<string> Cores = List.Select(Core).Where(c => c.Length >= MinimumCore).ToFrozenSet(StringComparer.Ordinal);

    private const int MinimumCore = 4;

    public static bool Contains(string? password) =>
        !string.IsNullOrEmpty(password) && List.Contains(password.Trim().ToLowerInvariant());

    /// <summary>On the list, or a word of the list with digits or symbols added before or after it.</summary>
    public static bool ContainsDecorated(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var text = password.Trim().ToLowerInvariant();
        var core = Core(text);
        return List.Contains(text) || List.Contains(core) || Cores.Contains(core);
    }

    private static string Core(string text) => text.Trim(Decoration);

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

/// <summary>The rules without the account's context as a validation attribute, reported beside the field with the others.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotCommonPasswordAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public NotCommonPasswordAttribute()
        : base(PasswordRules.Common)
    {
    }

    /// <summary>The rules that need no account (length, common list, the portal's name); an empty field is Required's.</summary>
    protected override System.ComponentModel.DataAnnotations.ValidationResult? IsValid(object? value, System.ComponentModel.DataAnnotations.ValidationContext validationContext) =>
        value is not string { Length: > 0 } password || PasswordRules.Check(password, PasswordContext.None) is not { } problem
            ? System.ComponentModel.DataAnnotations.ValidationResult.Success
            : new System.ComponentModel.DataAnnotations.ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null);
}
