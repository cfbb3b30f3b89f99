using System.Text;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// The account a subsidy is paid into, every field as the 全銀 record writes it: 金融機関コード 4 digits, 支店コード
/// 3, 預金種目, 口座番号 7 digits, 口座名義 in 全銀 カナ (<see cref="ZenginKana"/>). Only <see cref="Create"/> makes
/// one, so an account held anywhere is one the bank's file takes.
/// </summary>
public sealed record BankAccount
{
    private BankAccount(string bankCode, string branchCode, DepositType depositType, string accountNumber, string holderName)
    {
        BankCode = bankCode;
        BranchCode = branchCode;
        DepositType = depositType;
        AccountNumber = accountNumber;
        HolderName = holderName;
    }

    public string BankCode { get; }

    public string BranchCode { get; }

    public DepositType DepositType { get; }

    /// <summary>Seven digits, a shorter number left-padded with zeros.</summary>
    public string AccountNumber { get; }

    /// <summary>The 口座名義 in half-width 全銀 カナ.</summary>
    public string HolderName { get; }

    /// <summary>
    /// The account from what was typed, or null with a Japanese error per field (keyed by the property's name, for
    /// the page's ModelState). Full-width digits and spaces around a value are accepted. The bank and branch codes
    /// must have all their digits (0005, 001): a code typed short is more likely a slip than a leading zero left out,
    /// and padding it would pay the wrong bank. The 口座番号 may be shorter than 7 digits and is left-padded with
    /// zeros, as the bank's own record does (passbooks print 0012345 and 12345 alike); 0000000 is refused.
    /// </summary>
    public static BankAccount? Create(string? bankCode, string? branchCode, string? depositType, string? accountNumber, string? holderName, out IReadOnlyDictionary<string, string> errors)
    {
        var found = new Dictionary<string, string>();
        var bank = Digits(bankCode, 4, 4, Ui.Text("金融機関コード"), nameof(BankCode), found);
        var branch = Digits(branchCode, 3, 3, Ui.Text("支店コード"), nameof(BranchCode), found);
        var type = Type(depositType, found);
        var number = Digits(accountNumber, 1, 7, Ui.Text("口座番号"), nameof(AccountNumber), found)?.PadLeft(7, '0');
        if (number is not null && number.All(c => c == '0'))
        {
            found[nameof(AccountNumber)] = Ui.Text("口座番号「{0}」は正しくありません。通帳の口座番号をご確認ください。", accountNumber!.Trim());
            number = null;
        }

        var holder = ZenginKana.Normalize(holderName, out var holderError);
        if (holderError is not null)
        {
            found[nameof(HolderName)] = holderError;
        }

        errors = found;
        return found.Count == 0 ? new BankAccount(bank!, branch!, type!.Value, number!, holder!) : null;
    }

    /// <summary>"0005 001 普通 0012345 ﾔﾏﾀﾞ ﾀﾛｳ" for lists and logs (never a secret, but still a person's account).</summary>
    public override string ToString() => $"{BankCode} {BranchCode} {DepositType.Japanese()} {AccountNumber} {HolderName}";

    private static string? Digits(string? input, int min, int max, string label, string key, Dictionary<string, string> errors)
    {
        var text = (input ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
        if (text.Length == 0)
        {
            errors[key] = Ui.Text("{0}を入力してください。", label);
            return null;
        }

        if (!text.All(char.IsAsciiDigit) || text.Length < min || text.Length > max)
        {
            errors[key] = min == max
                ? Ui.Text("{0}は{1}桁の数字で入力してください（「{2}」）。", label, max, text)
                : Ui.Text("{0}は{1}桁までの数字で入力してください（「{2}」）。", label, max, text);
            return null;
        }

        return text;
    }

    private static DepositType? Type(string? input, Dictionary<string, string> errors)
    {
        var text = (input ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
        DepositType? type = text switch
        {
            "1" or "普通" or "普通預金" or "Ordinary" => DepositType.Ordinary,
            "2" or "当座" or "当座預金" or "Current" => DepositType.Current,
            _ => null,
        };
        if (type is null)
        {
            errors[nameof(DepositType)] = text.Length == 0
                ? Ui.Text("預金種目を選んでください。")
                : Ui.Text("預金種目は普通か当座を選んでください（「{0}」）。", text);
        }

        return type;
    }
}
