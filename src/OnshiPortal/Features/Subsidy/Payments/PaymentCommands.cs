using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>
/// <c>onshi subsidy close | settle</c>: the month's close and the bank's result from the command line, for a scheduler
/// or an operator at a terminal (the Admin's page does the same).
/// </summary>
public static class PaymentCommands
{
    public static Command Create(CommandContext context) =>
        new("subsidy", "補助金の支払（月次締め、振込結果の登録）") { Close(context), Settle(context) };

    private static Command Close(CommandContext context)
    {
        var month = new Option<string>("--month") { Description = "締める月（例: 2027-01）", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "全銀ファイルと明細（CSV、PDF）を書き出すフォルダ（省略時は書き出しません）。口座を含むため、所有者だけが読めるファイルにします" };
        var command = new Command("close", """
            その月の末日までに受理され、まだ支払っていない補助金申請を支払バッチにまとめ、全銀協 総合振込ファイルを作成します。
            同じ月をもう一度締めると、前回の締めの後に受理されたものだけが新しいバッチになります。途中で止まった締めは何も残さないため、そのままやり直せます。
            """) { month, output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var text = parse.GetRequiredValue(month);
            if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                throw new CommandFailedException($"--month「{text}」は月（例: 2027-01）ではありません。");
            }

            var outcome = await services.GetRequiredService<PaymentClose>().CloseAsync(first, Environment.UserName, cancellationToken);
            if (outcome.Refusal is { } refusal)
            {
                throw new CommandFailedException(refusal);
            }

            foreach (var batch in outcome.Batches)
            {
                await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"支払バッチ {batch.Name}: {batch.Count:N0}件 {batch.Total:N0}円 振込指定日 {batch.TransferDate:yyyy-MM-dd} SHA-256 {batch.TransferFileSha256}"));
                if (parse.GetValue(output) is { } folder)
                {
                    var db = services.GetRequiredService<PortalDbContext>();
                    var stored = await PaymentFiles.OpenedAsync(db, services.GetRequiredService<PrivateEntries>(), batch.Id, cancellationToken)
                        ?? throw new InvalidOperationException($"The batch {batch.Name} just closed is not in the database.");
                    var names = await PaymentFiles.NamesAsync(db, stored, cancellationToken);
                    var files = new (string Name, byte[] Bytes)[]
                    {
                        (PaymentFiles.TransferFileName(stored), stored.TransferFile),
                        (PaymentFiles.SummaryFileName(stored), PaymentFiles.SummaryCsv(stored, names)),
                        (PaymentFiles.SummaryPdfName(stored), PaymentFiles.SummaryPdf(stored, names, services.GetRequiredService<TimeProvider>().GetUtcNow())),
                    };
                    foreach (var (name, bytes) in files)
                    {
                        // The bank's accounts: readable by the operator who closed the month, nobody else on the machine.
                        var path = Path.Combine(folder.FullName, name);
                        OwnerOnlyFile.WriteAtomically(path, stream => stream.Write(bytes), overwrite: true);
                        await context.Console.Out.WriteLineAsync(path);
                    }
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Settle(CommandContext context)
    {
        var batchName = new Argument<string>("BATCH") { Description = "支払バッチ（例: 2027-01-1）" };
        var returns = new Option<FileInfo?>("--returns") { Description = "金融機関の振込不能・組戻しの一覧（CSV）。すべて振り込まれたときは省略します" };
        var command = new Command("settle", "支払バッチの振込結果を登録します。一覧にある振込の申請は差戻しになり、ほかは支払済になります。") { batchName, returns };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var name = parse.GetRequiredValue(batchName);
            var batches = await db.Set<PaymentBatch>().AsNoTracking().Select(b => new { b.Id, b.Month, b.Number }).ToListAsync(cancellationToken);
            var batch = batches.FirstOrDefault(b => $"{b.Month:yyyy-MM}-{b.Number}" == name)
                ?? throw new CommandFailedException($"支払バッチ「{name}」はありません。");
            ReadOnlyMemory<byte>? list = parse.GetValue(returns) is { } file ? await File.ReadAllBytesAsync(file.FullName, cancellationToken) : null;
            var errors = await services.GetRequiredService<PaymentSettlement>().SettleAsync(batch.Id, list, Environment.UserName, cancellationToken);
            if (errors.Count > 0)
            {
                throw new CommandFailedException(string.Join(Environment.NewLine, errors));
            }

            await context.Console.Out.WriteLineAsync($"支払バッチ {name} の振込結果を登録しました。");
            return 0;
        }));
        return command;
    }
}
