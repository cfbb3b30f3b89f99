using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Files;

namespace OnshiPortal.Infrastructure.Data;

/// <summary><c>onshi db migrate</c>: the deployment step that creates or upgrades the schema.</summary>
public static class DatabaseCommands
{
    public static Command Create(CommandContext context)
    {
        var migrate = new Command("migrate", "データベースのスキーマを作成・更新します（PostgreSQL ではデプロイ時に実行）。");
        migrate.SetAction((_, cancellationToken) => context.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.MigrateAsync(cancellationToken);
            await context.Console.Out.WriteLineAsync(pending.Count == 0
                ? "スキーマは最新です。"
                : $"{pending.Count}件のマイグレーションを適用しました: {string.Join(", ", pending)}");
            KeyRingPreparation keys;
            try
            {
                keys = await DataProtectionKeyRing.PrepareAsync(services, cancellationToken);
            }
            catch (InvalidOperationException e) when (e.Message == KeyEncryption.MissingInProduction)
            {
                throw new CommandFailedException("データ保護キーを暗号化する証明書が設定されていません（DataProtection__Certificate__Path）。" +
                    "`onshi db certificate --out FILE` で作成し、設定してから再実行してください（docs/operations.md）。");
            }

            if (keys.PlaintextKeysRemoved > 0)
            {
                await context.Console.Out.WriteLineAsync($"暗号化されていなかったデータ保護キー{keys.PlaintextKeysRemoved}件を削除し、新しいキーを証明書で暗号化しました。" +
                    "すべてのノードを再起動してください（ログイン中の方は再ログインが必要です）。");
            }

            // Files an earlier version kept on disk, moved into the database once (a rerun finds nothing to do).
            foreach (var moved in await LegacyFiles.ImportAllAsync(services, cancellationToken))
            {
                if (moved.Moved > 0)
                {
                    await context.Console.Out.WriteLineAsync($"{moved.What}: {moved.Moved}件をデータベースに移しました。");
                }

                if (moved.Missing > 0)
                {
                    await context.Console.Error.WriteLineAsync($"{moved.What}: {moved.Missing}件はファイルが見つからず、移せませんでした（ダウンロードできません）。");
                }
            }

            // The generated temporary-credential key (or the key file of an earlier version) in the database before
            // any node starts; nothing when the keys are configured.
            if (services.GetRequiredService<CredentialKeyRing>().PrepareStored() is { } origin)
            {
                await context.Console.Out.WriteLineAsync(origin);
            }

            return 0;
        }, migrateFirst: false));

        var output = new Option<FileInfo>("--out") { Description = "書き出す PKCS#12 ファイル（所有者のみ読み書き可）", Required = true };
        var force = new Option<bool>("--force") { Description = "既存のファイルを上書きする" };
        var certificate = new Command("certificate", "データ保護キーを暗号化する証明書（自己署名 RSA 3072、PKCS#12）を作成します。") { output, force };
        certificate.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(output)!.FullName;
            var clock = context.Services.GetRequiredService<TimeProvider>();
            if (!OwnerOnlyFile.WriteAtomically(path, stream => stream.Write(KeyEncryption.NewCertificate(clock)), overwrite: parse.GetValue(force)))
            {
                await context.Console.Error.WriteLineAsync($"{path} はすでにあります（上書きするには --force）。");
                return 1;
            }

            await context.Console.Out.WriteLineAsync($"証明書を作成しました: {path}");
            await context.Console.Out.WriteLineAsync($"全ノードと onshi に DataProtection__Certificate__Path={path} を設定し、onshi db migrate を実行してください。");
            return 0;
        });

        return new Command("db", "データベースの管理") { migrate, certificate };
    }
}
