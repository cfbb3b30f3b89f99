using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Csv;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Pdf;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>A batch's files, named the same from the command line and the page.</summary>
public static class PaymentFiles
{
    /// <summary>
    /// A batch with its payments for a person who may read them (an Admin's download, <c>subsidy close --out</c>): the
    /// 全銀 file and each account opened (PrivateEntries); null when there is no such batch.
    /// </summary>
    public static async Task<PaymentBatch?> OpenedAsync(PortalDbContext db, PrivateEntries privates, long id, CancellationToken cancellationToken)
    {
        var batch = await db.Set<PaymentBatch>().AsNoTracking().Include(b => b.Payments).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        batch.TransferFile = privates.OpenBytes(batch.TransferFile);
        foreach (var payment in batch.Payments)
        {
            payment.AccountNumber = privates.Open(payment.AccountNumber);
            payment.HolderName = privates.Open(payment.HolderName);
        }

        return batch;
    }

    public static string TransferFileName(PaymentBatch batch) => $"zengin-{batch.Name}.txt";

    public static string SummaryFileName(PaymentBatch batch) => $"payments-{batch.Name}.csv";

    public static string SummaryPdfName(PaymentBatch batch) => $"payments-{batch.Name}.pdf";

    /// <summary>The master's names of the batch's institutions (the batch keeps codes, the people read names).</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, PaymentBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        var codes = batch.Payments.Select(p => p.InstitutionCode).Distinct().ToList();
        return await db.Institutions.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Name, cancellationToken);
    }

    /// <summary>
    /// The batch for the people who approve and file it: what was closed, when and by whom, the file's SHA-256 (to
    /// check that the file sent to the bank is this one), then each payment in the file's order with its account and
    /// state, and the total. A4, BIZ UDGothic, as the portal's other documents.
    /// </summary>
    public static byte[] SummaryPdf(PaymentBatch batch, IReadOnlyDictionary<string, string> names, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(names);
        using var document = PdfPageWriter.NewDocument($"補助金 支払バッチ {batch.Name} 明細");
        var writer = new PdfPageWriter(document);
        writer.Title($"医療情報化支援基金 補助金 支払明細（支払バッチ {batch.Name}）");
        writer.Row("対象月", $"{batch.Month.Year}年{batch.Month.Month}月（{batch.Number}回目の締め）");
        writer.Row("振込指定日", Wareki.Date(batch.TransferDate), bold: true);
        writer.Row("件数", string.Create(CultureInfo.InvariantCulture, $"{batch.Count:N0}件"));
        writer.Row("合計金額", Yen(batch.Total), bold: true);
        writer.Row("締めた日時", $"{Wareki.DateTime(batch.ClosedAt)}（{batch.ClosedBy}）");
        writer.Row("全銀ファイル", TransferFileName(batch));
        writer.Row("SHA-256", batch.TransferFileSha256);
        writer.Row("振込結果", batch.SettledAt is { } settled ? $"{Wareki.DateTime(settled)}に登録（{batch.SettledBy}）" : "未登録");
        writer.Gap();
        writer.Heading("振込の明細");
        PdfColumn[] columns = [new(20), new(24), new(42), new(48), new(22, Right: true), new(14)];
        writer.TableRow(columns, ["顧客コード", "受付番号", "医療機関等", "振込先", "金額", "状態"], bold: true);
        foreach (var payment in batch.Payments.OrderBy(p => p.Id))
        {
            writer.TableRow(columns,
            [
                payment.CustomerCode,
                payment.ReceiptNumber,
                $"{payment.InstitutionCode}\n{names.GetValueOrDefault(payment.InstitutionCode) ?? string.Empty}",
                $"{payment.BankCode}-{payment.BranchCode} {payment.DepositType.Japanese()} {payment.AccountNumber}\n{payment.HolderName}",
                Yen(payment.Amount),
                StateName(payment.State),
            ]);
        }

        writer.TableRow(columns, ["合計", string.Empty, string.Empty, string.Empty, Yen(batch.Total), string.Empty], bold: true);
        writer.Gap();
        writer.Note($"この明細は{Wareki.DateTime(printedAt)}に医療機関等向けポータルサイトから出力しました。支払バッチは締めた時点の内容から変わりません。");
        writer.Close();
        return PdfPageWriter.Save(document);
    }

    private static string Yen(long amount) => amount.ToString("N0", CultureInfo.InvariantCulture) + "円";

    private static string StateName(PaymentState state) => state switch { PaymentState.Paid => "支払済", PaymentState.Returned => "振込不能", _ => "支払予定" };

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
                csv.WriteField(StateName(payment.State));
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
