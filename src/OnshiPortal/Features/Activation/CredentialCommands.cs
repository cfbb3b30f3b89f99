using System.CommandLine;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Activation;

/// <summary><c>onshi credentials issue --code CODE... | --file CODES --out FILE</c>: the letters' 仮ID・仮パスワード.</summary>
public static class CredentialCommands
{
    public static Command Create(CommandContext context) =>
        new("credentials", "医療機関等の仮ID・仮パスワード（アカウント有効化用）") { Issue(context), CredentialKeyReport.Create(context) };

    private static Command Issue(CommandContext context)
    {
        var codes = new Option<string[]>("--code") { Description = "医療機関等コード（複数可）", AllowMultipleArgumentsPerToken = true };
        var file = new Option<FileInfo?>("--file") { Description = "医療機関等コードの一覧（1行に1件）" };
        var output = new Option<FileInfo>("--out") { Description = "仮パスワードを書き出す CSV（UTF-8）。パスワードはこのファイルにしか残りません", Required = true };
        var force = new Option<bool>("--force") { Description = "既存の --out ファイルを上書きする" };
        var command = new Command("issue", """
            仮ID（{医療機関等コード}@{NN}）と仮パスワードを発行し、CSV に書き出します。
            再発行すると、その医療機関等のそれまでの仮IDはすべて使えなくなります（NN が1つ増えます）。
            廃止・承継済みの医療機関等と、アカウントを有効化済みの医療機関等には発行しません（理由を表示します）。
            終了コード: 0 すべて発行、2 一部を発行できず、1 1件も発行せず
            """) { codes, file, output, force };

        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var path = parse.GetRequiredValue(output);
            if (path.Exists && !parse.GetValue(force))
            {
                throw new CommandFailedException($"出力ファイルが既にあります（上書きするには --force）: {path.FullName}");
            }

            var requested = new List<string>(parse.GetValue(codes) ?? []);
            if (parse.GetValue(file) is { } list)
            {
                requested.AddRange(await ReadCodesAsync(list, cancellationToken));
            }

            if (requested.Count == 0)
            {
                throw new CommandFailedException("--code か --file で医療機関等コードを指定してください。");
            }

            var batch = await IssueAndWriteAsync(services, requested, path, cancellationToken);
            foreach (var refused in batch.Refused)
            {
                await context.Console.Error.WriteLineAsync($"{refused.Code}: {refused.Reason}");
            }

            if (batch.Issued.Count == 0)
            {
                await context.Console.Error.WriteLineAsync("1件も発行しませんでした。");
                return 1;
            }

            await context.Console.Out.WriteLineAsync(
                $"{batch.Issued.Count}件の仮ID・仮パスワードを発行し、{path.FullName} に書き出しました（発行できなかったもの: {batch.Refused.Count}件）。");
            return batch.Refused.Count == 0 ? 0 : 2;
        }));
        return command;
    }

    /// <summary>
    /// The CSV is written before the commit and moved into place after it: a full disk leaves nothing issued, and
    /// a failed commit leaves no file of passwords that do not work.
    /// </summary>
    private static async Task<CredentialBatch> IssueAndWriteAsync(IServiceProvider services, List<string> codes, FileInfo path, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var credentials = services.GetRequiredService<TemporaryCredentials>();
        var issuedBy = Environment.UserName;
        var temporary = Path.Combine(path.DirectoryName ?? ".", $".{path.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var batch = await credentials.IssueManyAsync(codes, issuedBy, cancellationToken);
                if (batch.Issued.Count == 0)
                {
                    return batch;
                }

                await CredentialCsv.WriteAsync(temporary, batch.Issued, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                File.Move(temporary, path.FullName, overwrite: true);
                return batch;
            });
        }
        finally
        {
            File.Delete(temporary); // only there when something failed
        }
    }

    private static async Task<IEnumerable<string>> ReadCodesAsync(FileInfo list, CancellationToken cancellationToken)
    {
        if (!list.Exists)
        {
            throw new CommandFailedException($"ファイルが見つかりません: {list.FullName}");
        }

        var lines = await File.ReadAllLinesAsync(list.FullName, Encoding.UTF8, cancellationToken);
        return lines.Select(l => l.Trim().TrimStart('\uFEFF')).Where(l => l.Length > 0);
    }
}
