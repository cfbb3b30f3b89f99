using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.PostalLetters.Returns;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions;

/// <summary><c>onshi institutions import | generate | export</c>: the institution master (医療機関等) in CSV.</summary>
public static class InstitutionCommands
{
    public static Command Create(CommandContext context) =>
        new("institutions", "医療機関等マスタの取込・出力・生成")
        {
            Import(context),
            Generate(context),
            Export(context),
        };

    private static Option<string> EncodingOption(string defaultValue, params string[] allowed)
    {
        var option = new Option<string>("--encoding")
        {
            Description = $"文字コード: {string.Join(" / ", allowed)}（utf8 = UTF-8、sjis = Shift_JIS / CP932）",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    private static Command Import(CommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "医療機関等マスタの CSV（見出し行つき）" };
        var encoding = EncodingOption("auto", "auto", "utf8", "sjis");
        var full = new Option<bool>("--full") { Description = "ファイルがマスタ全件である: ファイルにない医療機関等を廃止にします" };
        var command = new Command("import", """
            CSV を取り込み、医療機関等コードで追加・更新します（全件か無か）。
            1行でも誤りがあれば何も変更せず、誤りのある行をすべて行番号つきで表示します。
            列: 医療機関等コード,名称,名称カナ,開設者,管理者,郵便番号,住所,電話番号,開設日,廃止日
            """) { file, encoding, full };

        command.SetAction((parse, cancellationToken) =>
        {
            // The file is read and checked on the other cores from the start, before the app's host is built (the
            // command line builds it on the first use of the services, in RunAsync below), while the main thread
            // builds it and readies the database (the schema's check, EF's model and the import's queries; not the
            // credential key, which an import never uses): about a second and a half of a 250,000-row import's
            // start-up either way, now side by side instead of one after the other.
            var path = parse.GetRequiredValue(file);
            var csvEncoding = CsvEncodings.Parse(parse.GetRequiredValue(encoding));
            var reading = path.Exists ? Task.Run(() => ReadFile(path, csvEncoding), cancellationToken) : null;
            return context.RunAsync(async services =>
            {
                if (reading is null)
                {
                    throw new CommandFailedException($"ファイルが見つかりません: {path.FullName}");
                }

                await WarmUpAsync(context.Services, cancellationToken);
                var read = await reading;

                if (read.Errors.Count > 0)
                {
                    foreach (var error in read.Errors)
                    {
                        await context.Console.Error.WriteLineAsync(error.ToString());
                    }

                    await context.Console.Error.WriteLineAsync($"{read.Errors.Count}件の誤りがあるため取り込みを中止しました。データベースは変更していません。");
                    return 1;
                }

                var importer = services.GetRequiredService<InstitutionImporter>();
                var db = services.GetRequiredService<PortalDbContext>();
                var returnedBefore = await PostalReturns.FlaggedCodesAsync(db, cancellationToken);
                var request = new ImportRequest(path.Name, read.EncodingName, parse.GetValue(full), Environment.UserName);
                var records = read.Rows.Select(r => r.Record).ToList();
                ImportResult result;
                try
                {
                    result = await ProgressDisplay.RunAsync(context.Console, progress =>
                        importer.ImportAsync(records, request, progress, cancellationToken));
                }
                catch (ImportRunningException e)
                {
                    throw new CommandFailedException(e.Message);
                }

                await context.Console.Out.WriteLineAsync($"""
                    取り込みが完了しました（{path.Name}, {read.EncodingName}, {result.Rows}行）。
                      新規: {result.Added}
                      変更: {result.Changed}
                      変更なし: {result.Unchanged}
                      廃止: {result.Closed}
                    """);

                // Addresses the post office could not deliver to: which this import corrected, which it left as they were.
                if (returnedBefore.Count > 0)
                {
                    var returnedAfter = await PostalReturns.FlaggedCodesAsync(db, cancellationToken);
                    await context.Console.Out.WriteLineAsync($"""
                      郵送物が返送された住所: {returnedBefore.Count - returnedBefore.Count(returnedAfter.Contains)}件が変更されました。{returnedAfter.Count}件は返送された住所のままです（業務メニュー「返送された郵送物」で確認できます）。
                    """);
                }

                return 0;
            }, credentialKey: false);
        });
        return command;
    }

    private static InstitutionCsvReadResult ReadFile(FileInfo path, CsvEncoding encoding)
    {
        using var stream = path.OpenRead();
        return InstitutionCsv.Read(stream, encoding);
    }

    private static Command Generate(CommandContext context)
    {
        var count = new Option<int>("--count") { Description = "件数", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "出力する CSV ファイル", Required = true };
        var encoding = EncodingOption("utf8", "utf8", "sjis");
        var seed = new Option<int>("--seed") { Description = "乱数の種（同じ種なら同じデータ）", DefaultValueFactory = _ => 1 };
        var command = new Command("generate", "デモ・試験・ベンチマーク用の架空の医療機関等マスタ CSV を生成します。") { count, output, encoding, seed };
        command.SetAction((parse, _) => context.RunAsync(async services =>
        {
            var n = parse.GetValue(count);
            if (n < 0)
            {
                throw new CommandFailedException("--count は 0 以上で指定してください。");
            }

            var path = parse.GetRequiredValue(output);
            await using (var stream = path.Create())
            {
                InstitutionCsv.Write(stream, InstitutionGenerator.Generate(n, parse.GetValue(seed)), CsvEncodings.Parse(parse.GetRequiredValue(encoding)));
            }

            await context.Console.Out.WriteLineAsync($"{n}件を {path.FullName} に出力しました。");
            return 0;
        }));
        return command;
    }

    private static Command Export(CommandContext context)
    {
        var output = new Option<FileInfo>("--out") { Description = "出力する CSV ファイル", Required = true };
        var encoding = EncodingOption("utf8", "utf8", "sjis");
        var command = new Command("export", "医療機関等マスタを CSV に出力します（import でそのまま取り込める形式）。") { output, encoding };
        command.SetAction((parse, _) => context.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var path = parse.GetRequiredValue(output);
            var count = 0;
            await using (var stream = path.Create())
            {
                var rows = db.Institutions.AsNoTracking().OrderBy(i => i.Code).AsEnumerable()
                    .Select(i =>
                    {
                        count++;
                        return i.ToRecord();
                    });
                InstitutionCsv.Write(stream, rows, CsvEncodings.Parse(parse.GetRequiredValue(encoding)));
            }

            await context.Console.Out.WriteLineAsync($"{count}件を {path.FullName} に出力しました。");
            return 0;
        }));
        return command;
    }

    private static Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Institutions.AsNoTracking().Where(i => i.Code == string.Empty).ToListAsync(cancellationToken);
        db.ImportRuns.Add(new ImportRun());
        db.ChangeTracker.Clear(); // only the model and the insert's shape were wanted
    }, cancellationToken);
}
