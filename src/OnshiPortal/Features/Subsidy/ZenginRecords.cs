namespace OnshiPortal.Features.Subsidy;

/// <summary>Whether the 全銀 file has CRLF after each 120-byte record (122 bytes a line) or nothing between records.</summary>
public enum ZenginLineEnding
{
    CrLf,
    None,
}

/// <summary>
/// One 振込 of a 総合振込 file. <paramref name="CustomerCode1"/> (顧客コード1, up to 10 digits) carries the claim's
/// reference so that the bank's return list names the claim; <paramref name="CustomerCode2"/> is free for the
/// caller (blank: zeros). Bank and branch names are optional: the receiving bank goes by the codes.
/// </summary>
public sealed record ZenginTransfer(
    string BankCode,
    string BranchCode,
    DepositType DepositType,
    string AccountNumber,
    string HolderName,
    long Amount,
    string CustomerCode1,
    string CustomerCode2 = "",
    string BankName = "",
    string BranchName = "")
{
    /// <summary>A transfer to a validated account (its codes and name already as the file writes them).</summary>
    public static ZenginTransfer To(BankAccount account, long amount, string customerCode1, string customerCode2 = "") =>
        new(account.BankCode, account.BranchCode, account.DepositType, account.AccountNumber, account.HolderName, amount, customerCode1, customerCode2);
}

/// <summary>The header record (データ区分 1) as read back: each field as it stands in the file.</summary>
public sealed record ZenginHeader(
    string TypeCode,
    string CodeDivision,
    string RequesterCode,
    string RequesterName,
    string TransferDate,
    string BankCode,
    string BankName,
    string BranchCode,
    string BranchName,
    string DepositType,
    string AccountNumber);

/// <summary>A data record (データ区分 2) as read back, with its 1-based record number in the file.</summary>
public sealed record ZenginData(
    int RecordNumber,
    string BankCode,
    string BankName,
    string BranchCode,
    string BranchName,
    string ClearingHouse,
    string DepositType,
    string AccountNumber,
    string HolderName,
    long Amount,
    string NewCode,
    string CustomerCode1,
    string CustomerCode2,
    string TransferKind,
    string EdiFlag);

/// <summary>The trailer record (データ区分 8): 合計件数 and 合計金額.</summary>
public sealed record ZenginTrailer(int Count, long Total);

/// <summary>A parsed 総合振込 file.</summary>
public sealed record ZenginTransferFileContent(ZenginHeader Header, IReadOnlyList<ZenginData> Data, ZenginTrailer Trailer, ZenginLineEnding LineEnding);

/// <summary>A 全銀 file that cannot be written or read, with the Japanese reason (naming the record or the transfer).</summary>
public sealed class ZenginFormatException(string message) : Exception(message);
