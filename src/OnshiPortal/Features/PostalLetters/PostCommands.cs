using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.PostalLetters;

/// <summary><c>onshi post batch --out DIR</c>: the day's close of the print queue, for a scheduler or the printing room (the page does the same).</summary>
public static class PostCommands
{
    public static Command Create(CommandContext context) => new("post", "郵送物（印刷キューの締めと印刷データの書き出し）") { Batch(context) };

    private static Command Batch(CommandContext context)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "印刷データ（PDF、マニフェスト、SHA256SUMS、表紙）を書き出すフォルダ。バッチごとに batch-NNNNNN のフォルダを作り、所有者だけが読めるファイルにします", Required = true };
        var command = new Command("batch", """
            印刷待ちの郵送物をすべて新しい印刷バッチにまとめ（締め）、そのファイルを書き出します。
            郵送物は締めた時点でバッチに記録されるため、一通が二つのバッチに入ることはありません。書き出しの途中で止まったバッチは、もう一度実行すると同じファイルを書き直します。
            """) { output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var folder = parse.GetRequiredValue(output).FullName;
            var batches = services.GetRequiredService<PrintBatches>();
            var closed = await batches.CloseAsync(Environment.UserName, cancellationToken);
            if (closed is null)
            {
                await context.Console.Out.WriteLineAsync("印刷待ちの郵送物はありません（新しいバッチは作りませんでした）。");
            }

            foreach (var id in await batches.UnwrittenAsync(cancellationToken))
            {
                var location = await batches.WriteAsync(id, folder, Environment.UserName, cancellationToken);
                var letters = await services.GetRequiredService<PortalDbContext>().Set<PrintBatch>().Where(b => b.Id == id).Select(b => b.Letters).SingleAsync(cancellationToken);
                await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"印刷バッチ {id}: {letters:N0}通 {location}"));
            }

            return 0;
        }));
        return command;
    }
}
