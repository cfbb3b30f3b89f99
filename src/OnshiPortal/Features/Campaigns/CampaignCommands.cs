using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary><c>onshi campaign create | issue | export</c>: a direct mailing from targeting to print files.</summary>
public static class CampaignCommands
{
    public static Command Create(CommandContext context) =>
        new("campaign", "ダイレクトメールの発送（対象の抽出、仮ID・送付状の発行、印刷データの作成）") { CreateCampaign(context), Issue(context), Export(context) };

    private static Command CreateCampaign(CommandContext context)
    {
        var kind = new Option<string>("--kind") { Description = "unregistered（未登録・別添1） | resend（再発送・別添1） | new-or-succession（新設・承継・別添2）", Required = true };
        var cutoff = new Option<string>("--cutoff") { Description = "基準日（この日の終わり時点のアカウント登録状況で対象を選びます）", Required = true };
        var letterDate = new Option<string>("--letter-date") { Description = "発送日（送付状に印刷する日付）", Required = true };
        var name = new Option<string>("--name") { Description = "発送の名称", Required = true };
        var after = new Option<long?>("--after-campaign") { Description = "resend: 再発送の元になる発送ID" };
        var openedAfter = new Option<string?>("--opened-after") { Description = "new-or-succession: この日より後に開設した医療機関等を新設とみなす" };
        var enforcement = new Option<string?>("--enforcement-sentence")
        {
            Description = $"送付状の施行の文（{LetterSentences.MaxEnforcementLength}文字以内、** で囲んだ部分は太字）。既定は令和5年2月の発送の文: {LetterSentences.Seed.Enforcement}",
        };
        var transition = new Option<string?>("--transition-sentence")
        {
            Description = $"送付状の経過措置の文（{LetterSentences.MaxTransitionLength}文字以内、** で囲んだ部分は太字）。既定は令和5年2月の発送の文: {LetterSentences.Seed.Transition}",
        };
        var command = new Command("create", """
            発送を作成し、基準日時点の対象を抽出して件数（都道府県・種別・理由別）を表示します。まだ何も発行しません。
            送付状に印刷する日付を含む文（施行・経過措置）も表示します。発行の前に確認してください。
            最終行に発送IDだけを出力します（スクリプトから使えるように）。
            """) { kind, cutoff, letterDate, name, after, openedAfter, enforcement, transition };

        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            if (!CampaignKindNames.TryParse(parse.GetValue(kind), out var campaignKind))
            {
                throw new CommandFailedException($"--kind「{parse.GetValue(kind)}」は不明です。unregistered、resend、new-or-succession のいずれかを指定してください。");
            }

            var request = new CampaignRequest
            {
                Kind = campaignKind,
                Name = parse.GetRequiredValue(name),
                CutoffDate = Date(parse.GetRequiredValue(cutoff), "--cutoff"),
                LetterDate = Date(parse.GetRequiredValue(letterDate), "--letter-date"),
                AfterCampaignId = parse.GetValue(after),
                OpenedAfter = parse.GetValue(openedAfter) is { } text ? Date(text, "--opened-after") : null,
                EnforcementSentence = parse.GetValue(enforcement) ?? LetterSentences.Seed.Enforcement,
                TransitionSentence = parse.GetValue(transition) ?? LetterSentences.Seed.Transition,
            };

            var campaigns = services.GetRequiredService<CampaignService>();
            Campaign campaign;
            try
            {
                campaign = await ProgressDisplay.RunAsync(context.Console, progress =>
                    campaigns.CreateAsync(request, Environment.UserName, progress, cancellationToken));
            }
            catch (CampaignRequestException e)
            {
                throw new CommandFailedException(string.Join(Environment.NewLine, e.Problems.Select(p => p.Message)));
            }

            var counts = await CampaignCounts.ForAsync(services.GetRequiredService<PortalDbContext>(), campaign.Id, cancellationToken);
            await WriteCountsAsync(context.Console.Out, campaign, counts);
            await context.Console.Out.WriteLineAsync(campaign.Id.ToString(CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }

    private static Command Issue(CommandContext context)
    {
        var id = new Argument<long>("ID") { Description = "発送ID" };
        var command = new Command("issue", """
            発送の対象ごとに仮ID・仮パスワードを発行し（それまでの仮IDは使えなくなります）、送付状を確定します。
            中断しても、もう一度実行すれば残りだけを発行します（同じ発送で二重に発行することはありません）。
            """) { id };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var campaigns = services.GetRequiredService<CampaignService>();
            var result = await Run(() => ProgressDisplay.RunAsync(context.Console, progress =>
                campaigns.IssueAsync(parse.GetValue(id), Environment.UserName, progress, cancellationToken)));
            await context.Console.Out.WriteLineAsync($"発送ID {parse.GetValue(id)}: {result.Issued}件を発行しました（対象外: {result.Skipped}件、対象: {result.Total}件）。");
            return 0;
        }));
        return command;
    }

    private static Command Export(CommandContext context)
    {
        var id = new Argument<long>("ID") { Description = "発送ID" };
        var output = new Option<DirectoryInfo>("--out") { Description = "印刷データを書き出すフォルダ", Required = true };
        var perFile = new Option<int?>("--per-file") { Description = "1ファイルあたりの送付状の数（既定: 1000）" };
        var command = new Command("export", """
            発行済みの送付状を、郵便番号順に並べた PDF（1ファイル N 通まで、両面印刷で1通1枚）、
            一覧（manifest.csv: UTF-8、manifest-sjis.csv: Shift_JIS）と SHA256SUMS に書き出します。
            PDF には仮パスワードが印刷されています。取り扱いにご注意ください。
            """) { id, output, perFile };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var count = parse.GetValue(perFile) ?? services.GetRequiredService<IOptions<CampaignOptions>>().Value.LettersPerFile;
            if (count < 1)
            {
                throw new CommandFailedException("--per-file は1以上にしてください。");
            }

            var export = services.GetRequiredService<CampaignExport>();
            var result = await Run(() => ProgressDisplay.RunAsync(context.Console, progress =>
                export.ExportAsync(parse.GetValue(id), parse.GetRequiredValue(output).FullName, count, Environment.UserName, progress, cancellationToken)));
            await context.Console.Out.WriteLineAsync($"{result.Letters}通を{result.Files.Count}ファイルに書き出しました: {result.Location}");
            return 0;
        }));
        return command;
    }

    private static async Task<T> Run<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is CampaignNotFoundException or CampaignStateException or CampaignExportException)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    private static DateOnly Date(string text, string option) =>
        CsvDate.TryParse(TextNormalization.Text(text), out var date)
            ? date
            : throw new CommandFailedException($"{option}「{text}」は日付として正しくありません（例: 2023-01-15）。");

    private static async Task WriteCountsAsync(TextWriter output, Campaign campaign, CampaignCounts counts)
    {
        await output.WriteLineAsync($"発送ID {campaign.Id}: {campaign.Name}（{campaign.Kind.Label()}、基準日 {campaign.CutoffDate:yyyy-MM-dd}）");
        await output.WriteLineAsync($"送付状の施行の文: {campaign.EnforcementSentence}");
        await output.WriteLineAsync($"送付状の経過措置の文: {campaign.TransitionSentence}");
        await output.WriteLineAsync($"対象: {counts.Total}件（医科 {counts.Count(InstitutionKind.Medical)}、歯科 {counts.Count(InstitutionKind.Dental)}、薬局 {counts.Count(InstitutionKind.Pharmacy)}）");
        foreach (var (reason, count) in counts.ByReason.OrderBy(r => r.Key))
        {
            await output.WriteLineAsync($"  {reason.Label()}: {count}件");
        }

        await output.WriteLineAsync("都道府県\t医科\t歯科\t薬局\t計");
        foreach (var row in counts.ByPrefecture.Where(r => r.Total > 0))
        {
            await output.WriteLineAsync($"{row.Name}\t{row.Medical}\t{row.Dental}\t{row.Pharmacy}\t{row.Total}");
        }
    }
}
