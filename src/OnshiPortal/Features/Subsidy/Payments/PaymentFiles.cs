using System.Globalization;
using System.Text;
using CsvHelper;
using OnshiPortal.Infrastructure.Csv;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>A batch's files, named the same from the command line and the page.</summary>
public static class PaymentFiles
{
    public static string TransferFileName(PaymentBatch batch) => $"zengin-{batch.Name}.txt";

    public static string SummaryFileName(PaymentBatch batch) => $"payments-{batch.Name}.csv";

    /// <summary>
    /// The batch for people, one row a payment in the file's order, totals last: UTF-8 with a BOM for Excel, every
    /// text cell through <see cref="SpreadsheetText"/> (an institution's name comes from the master, a reason from a bank).
    /// </summary>
    public static byte[] SummaryCsv(PaymentBatch batch, IReadOnlyDictionary<string, string> names)
    {
        using var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, new UTF8Encoding(true), leaveOpen: true))
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Separator = ',', NewLine = "\r\n" }, leaveOpen: true))
        {
            csv.WriteHeader(["支払バッチ", "顧客コード1", "受付番号", "医療機関等コード", "名称", "金融機関コード", "支店コード", "預金種目", "口座番号", "口座名義", "金額", "振込指定日", "状態", "振込不能の理由"]);
            foreach (var payment in batch.Payments.OrderBy(p => p.Id))
            {
                csv.WriteField(batch.Name);
                csv.WriteField(payment.CustomerCode);
                csv.WriteField(payment.ReceiptNumber);
                csv.WriteField(payment.InstitutionCode);
                csv.WriteField(SpreadsheetText.Protect(names.GetValueOrDefault(payment.InstitutionCode)));
                csv.WriteField(payment.BankCode);
                csv.WriteField(payment.BranchCode);
                csv.WriteField(payment.DepositType.Japanese());
                csv.WriteField(payment.AccountNumber);
                csv.WriteField(SpreadsheetText.Protect(payment.HolderName));
                csv.WriteField(payment.Amount.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(batch.TransferDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(payment.State switch { PaymentState.Paid => "支払済", PaymentState.Returned => "振込不能", _ => "支払予定" });
                csv.WriteField(SpreadsheetText.Protect(payment.ReturnReason));
                csv.EndRecord();
            }

            csv.WriteField("合計");
            for (var i = 0; i < 9; i++)
            {
                csv.WriteField(string.Empty);
            }

            csv.WriteField(batch.Total.ToString(CultureInfo.InvariantCulture));
            csv.EndRecord();
            csv.Flush();
        }

        return stream.ToArray();
    }
}
