using System.CommandLine;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.CommandLine;

namespace OnshiPortal.Features.Operators;

/// <summary><c>onshi operators add EMAIL --role Admin</c>.</summary>
public static class OperatorCommands
{
    public static Command Create(CommandContext context)
    {
        var email = new Argument<string>("EMAIL") { Description = "運用者のメールアドレス（ログインID）" };
        var role = new Option<string>("--role") { Description = "役割: Operator、Admin または Printer（印刷担当: 仮パスワードを含む印刷データのダウンロードのみ）", DefaultValueFactory = _ => Roles.Operator };
        role.AcceptOnlyFromAmong(Roles.All);
        var name = new Option<string?>("--name") { Description = "表示名（任意）" };

        var add = new Command("add", "運用者アカウントを作成し、一度だけ使える初期パスワードを表示します（初回ログイン時に変更）。") { email, role, name };
        add.SetAction((parse, _) => context.RunAsync(async services =>
        {
            try
            {
                var created = await services.GetRequiredService<OperatorAccounts>()
                    .AddAsync(parse.GetRequiredValue(email).Trim(), parse.GetRequiredValue(role), parse.GetValue(name));
                await context.Console.Out.WriteLineAsync($"""
                    運用者を作成しました: {created.User.Email} ({parse.GetRequiredValue(role)})
                    初期パスワード（この一度だけ表示します）: {created.OneTimePassword}
                    """);
                return 0;
            }
            catch (OperatorAccountException e)
            {
                throw new CommandFailedException(e.Message);
            }
        }));

        return new Command("operators", "運用者（支払基金職員・コールセンター）アカウントの管理") { add };
    }
}
