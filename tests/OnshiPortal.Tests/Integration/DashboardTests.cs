using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.DashboardScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>The registration dashboard's numbers against a data set counted by hand (Support/DashboardScenario).</summary>
public abstract class DashboardTests : DataTest
{
    [Fact]
    public async Task The_rates_count_activated_accounts_of_active_institutions_only()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var figures = await LoadAsync(app);

        // Active: A, B, C, D, E, H. Counted accounts: A, C, D, E (not closed F, succeeded G, nor a code the master lacks).
        Assert.Equal((6, 4), (figures.Overall.Institutions, figures.Overall.Accounts));
        Assert.Equal(4.0 / 6, figures.Overall.Rate);

        Assert.Equal(47, figures.ByPrefecture.Count);
        Assert.Equal(Enumerable.Range(1, 47).Select(p => p.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), figures.ByPrefecture.Select(r => r.Key));
        Assert.Equal(("北海道", 3L, 2L), Row(figures.ByPrefecture[0]));
        Assert.Equal(("東京都", 2L, 2L), Row(figures.ByPrefecture[12]));
        Assert.Equal(("大阪府", 0L, 0L), Row(figures.ByPrefecture[26]));
        Assert.Null(figures.ByPrefecture[26].Rate);
        Assert.Equal(("沖縄県", 1L, 0L), Row(figures.ByPrefecture[46]));
        Assert.Equal(0, figures.ByPrefecture[46].Rate);
        Assert.Equal(6, figures.ByPrefecture.Sum(r => r.Institutions));
        Assert.Equal(4, figures.ByPrefecture.Sum(r => r.Accounts));

        Assert.Equal([("医科", 3L, 2L), ("歯科", 1L, 1L), ("薬局", 2L, 1L)], figures.ByKind.Select(Row));
    }

    [Fact]
    public async Task The_series_counts_accounts_by_their_day_in_japan_up_to_today()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var figures = await LoadAsync(app);

        // A at 4/8 01:00 and C at 4/8 19:00 Japan time; D at 4/9 23:59; E at 4/10 11:00 (today). F, G and the
        // code the master lacks do not count on any day.
        Assert.Equal(
            [(new DateOnly(2026, 4, 8), 2L, 2L), (new DateOnly(2026, 4, 9), 1L, 3L), (new DateOnly(2026, 4, 10), 1L, 4L)],
            figures.Daily.Select(p => (p.Day, p.NewAccounts, p.Cumulative)));
        Assert.Equal([2.0 / 6, 3.0 / 6, 4.0 / 6], figures.Daily.Select(p => p.Rate!.Value));
    }

    [Fact]
    public async Task The_letters_funnel_counts_institutions_at_each_step()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var funnel = (await LoadAsync(app)).LetterFunnel;

        Assert.Equal(
            [("仮ID発行", 5L), ("仮IDで初回ログイン", 3L), ("本登録の申請", 2L), ("登録完了", 2L)],
            funnel.Stages.Select(s => (s.Name, s.Count)));
        Assert.Equal([null, 3.0 / 5, 2.0 / 3, 1.0], funnel.Stages.Select(s => s.FromPrevious));
        Assert.Equal([1.0, 3.0 / 5, 2.0 / 5, 2.0 / 5], funnel.Stages.Select(s => s.FromFirst));
    }

    [Fact]
    public async Task Each_issued_campaign_has_its_funnel_of_the_institutions_it_mailed()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var campaigns = (await LoadAsync(app)).CampaignFunnels;

        // Newest letter date first; the draft (no issued letter) has no funnel.
        Assert.Equal([2L, 1L], campaigns.Select(c => c.CampaignId));
        Assert.Equal([("発送", 2L), ("アカウント登録済み", 1L)], campaigns[0].Funnel.Stages.Select(s => (s.Name, s.Count)));
        Assert.Equal(
            [("発送", 4L), ("仮IDで初回ログイン", 3L), ("本登録の申請", 2L), ("登録完了", 2L)],
            campaigns[1].Funnel.Stages.Select(s => (s.Name, s.Count)));
        Assert.Equal([null, 3.0 / 4, 2.0 / 3, 1.0], campaigns[1].Funnel.Stages.Select(s => s.FromPrevious));
        Assert.Equal(1, campaigns[1].RegisteredOtherwise); // D registered by itself
        Assert.StartsWith("第1回 未登録の医療機関等（未登録の医療機関等へのご案内（別添1）、発送日 令和8年4月1日）", campaigns[1].Funnel.Title);
    }

    [Fact]
    public async Task Each_issued_campaign_has_its_response_curve_by_day_since_its_letter_date()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var curves = (await LoadAsync(app)).ResponseCurves;

        // As the funnels: newest letter date first, no curve for the draft.
        Assert.Equal([2L, 1L], curves.Select(c => c.CampaignId));

        // Campaign 2 (別添2, 発送日 4/9, two letters): E's account at 4/10 11:00 in Japan, day 1; H none.
        Assert.Equal(("アカウント登録済み", 2L), (curves[0].Step, curves[0].Letters));
        Assert.Equal([(0, new DateOnly(2026, 4, 9), 0L, 0L), (1, new DateOnly(2026, 4, 10), 1L, 1L)], curves[0].Points.Select(p => (p.DayAfter, p.Day, p.New, p.Cumulative)));
        Assert.Equal([0, 0.5], curves[0].Points.Select(p => p.Rate!.Value));

        // Campaign 1 (別添1, 発送日 4/1, four letters): A's login spent at 4/8 01:00 in Japan (4/7 in UTC) and C's at
        // 4/8 19:00: both on day 7; D registered without its login (not a 登録完了). Days 0 to today (4/10), flat too.
        Assert.Equal(("登録完了", 4L), (curves[1].Step, curves[1].Letters));
        Assert.Equal(Enumerable.Range(0, 10), curves[1].Points.Select(p => p.DayAfter));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 2, 0, 0], curves[1].Points.Select(p => p.New));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 2, 2, 2], curves[1].Points.Select(p => p.Cumulative));
        Assert.Equal(new DateOnly(2026, 4, 10), curves[1].Points[^1].Day);
        Assert.Equal(0.5, curves[1].Points[^1].Rate);

        // A response before the 発送日 counts on day 0; one beyond the days drawn is left to the funnel.
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<CampaignLetter>().Where(l => l.CampaignId == 1 && l.InstitutionCode == C)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.ActivatedAt, new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero))
                    .SetProperty(l => l.RespondedOn, new DateOnly(2026, 3, 30)));
        }

        var moved = (await LoadAsync(app)).ResponseCurves[1];
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 2, 2, 2], moved.Points.Select(p => p.Cumulative));
    }

    [Fact]
    public async Task The_figures_are_computed_once_a_minute_however_many_operators_look()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var clock = new ManualClock(Now);
        var snapshot = app.WithClock(clock).Services.GetRequiredService<DashboardSnapshot>();

        var views = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => snapshot.GetAsync()));
        Assert.Single(views.Distinct()); // one computation for twenty operators arriving together
        Assert.Equal(4, views[0].Overall.Accounts);

        // B registers: the figures of this minute do not move; those of the next minute count it.
        await using (var db = app.Database.CreateContext())
        {
            db.Users.Add(new PortalUser { UserName = "b@example.jp", Email = "b@example.jp", InstitutionCode = B, InstitutionRole = InstitutionRole.Administrator, AccountOf = B, CreatedAt = Now });
            await db.SaveChangesAsync();
            await InstitutionSteps.AccountOfRecordAsync(db, B, Now, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Same(views[0], await snapshot.GetAsync());
        clock.Advance(TimeSpan.FromSeconds(2));
        var next = await snapshot.GetAsync();
        Assert.Equal(5, next.Overall.Accounts);
        Assert.Equal(Now.AddSeconds(61), next.At);
    }

    [Fact]
    public async Task Filings_are_counted_by_type_and_state()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        string filer;
        await using (var db = app.Database.CreateContext())
        {
            filer = await db.Users.Where(u => u.InstitutionCode == A).Select(u => u.Id).SingleAsync();
            db.Set<Filing>().AddRange(
                Filing(1, FilingType.Succession, FilingState.Submitted), Filing(2, FilingType.Succession, FilingState.Accepted),
                Filing(3, FilingType.Succession, FilingState.Accepted), Filing(4, FilingType.Deferral, FilingState.Returned),
                Filing(5, FilingType.Deferral, FilingState.Withdrawn));
            await db.SaveChangesAsync();
        }

        var filings = (await LoadAsync(app)).Filings;

        // Every procedure and every state, at zero too (the road's procedures and states after 受理 included).
        Assert.Equal(Enum.GetValues<FilingType>(), filings.Select(f => f.Type));
        Assert.Equal([1L, 2L, 0L, 0L, 0L, 0L, 0L, 0L], filings[0].Counts);
        Assert.Equal([0L, 0L, 1L, 1L, 0L, 0L, 0L, 0L], filings[1].Counts);
        Assert.All(filings.Skip(2), row => Assert.Equal(0, row.Total));
        Assert.Equal(3, filings[0].Total);

        Filing Filing(int number, FilingType type, FilingState state) => new()
        {
            Type = type,
            State = state,
            ReceiptNumber = $"{(type == FilingType.Succession ? "S" : "D")}-2026-{number:000000}",
            InstitutionCode = A,
            Prefecture = 1,
            Kind = Features.Institutions.InstitutionKind.Medical,
            FiledByUserId = filer,
            SubmittedAt = Now,
            UpdatedAt = Now,
        };
    }

    [Fact]
    public async Task An_empty_portal_shows_no_rate_and_no_series()
    {
        await using var app = await StartAppAsync();
        var figures = await LoadAsync(app);
        Assert.Equal((0, 0), (figures.Overall.Institutions, figures.Overall.Accounts));
        Assert.Null(figures.Overall.Rate);
        Assert.Empty(figures.Daily);
        Assert.All(figures.LetterFunnel.Stages, s => Assert.Equal(0, s.Count));

        var session = await OperatorSessionAsync(app, new ManualClock(Now));
        var (response, html) = await session.GetAsync("/operator/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("まだ登録されたアカウントはありません。", html);
    }

    [Fact]
    public async Task The_page_shows_each_chart_as_an_image_with_its_numbers_in_a_table()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var session = await OperatorSessionAsync(app, new ManualClock(Now));

        var (response, html) = await session.GetAsync("/operator/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>登録状況</h1>", html);
        Assert.Contains("2026年4月10日 12:00時点", html);

        // Twelve charts (prefecture, kind, over time, a funnel for each of the two issued campaigns, the funnel of every
        // temporary login, the response curve of each issued campaign, the road nationwide and by kind; no months of
        // the road yet), each an image with a summary; no script on the page.
        var charts = System.Text.RegularExpressions.Regex.Matches(html, "<svg [^>]*role=\"img\" aria-label=\"([^\"]+)\"");
        Assert.Equal(12, charts.Count);
        Assert.Contains("新設・承継 4月（発送日 令和8年4月9日）の反応の推移の折れ線グラフ。発送日から1日でアカウント登録済み 1件、発送数の50.0%。", charts[6].Groups[1].Value);
        Assert.Contains("第1回 未登録の医療機関等（発送日 令和8年4月1日）の反応の推移の折れ線グラフ。発送日から9日で登録完了 2件、発送数の50.0%。", charts[7].Groups[1].Value);
        Assert.Contains("<caption>第1回 未登録の医療機関等（発送日 令和8年4月1日）の日別の登録完了</caption>", html);
        Assert.Contains("<th scope=\"row\">7日</th><td>2026/04/08</td><td>2</td><td>2</td><td>50.0%</td>", html);
        Assert.Contains("運用開始までの道のり（全国）の到達状況: 有効な医療機関等 6件、アカウント登録 4件（66.7%）", charts[8].Groups[1].Value);
        Assert.Contains("運用開始までの道のり（医科）", charts[9].Groups[1].Value);
        Assert.Contains("全国 66.7%", charts[0].Groups[1].Value);
        Assert.Contains("医科 66.7%、歯科 100.0%、薬局 50.0%", charts[1].Groups[1].Value);
        Assert.Contains("累計 4件、登録率 66.7%", charts[2].Groups[1].Value);
        Assert.Contains("アカウント登録済み 1件", charts[3].Groups[1].Value);
        Assert.Contains("仮IDで初回ログイン 3件", charts[4].Groups[1].Value);
        Assert.Contains("仮ID発行 5件", charts[5].Groups[1].Value);
        Assert.Contains("このほか、1件の医療機関等は仮IDを使わずにアカウントを登録しました", html);
        Assert.Contains("<caption>届出の種類別・状態別の件数</caption>", html);
        Assert.DoesNotContain("<script>", html);

        Assert.Contains("<caption>都道府県別の登録率</caption>", html);
        Assert.Contains("<th scope=\"row\">北海道</th><td>3</td><td>2</td><td>66.7%</td>", html);
        Assert.Contains("<th scope=\"row\">大阪府</th><td>0</td><td>0</td><td>—</td>", html);
        Assert.Contains("<th scope=\"row\">全国</th><td>6</td><td>4</td><td>66.7%</td>", html);
        Assert.Contains("<th scope=\"row\">薬局</th><td>2</td><td>1</td><td>50.0%</td>", html);
        Assert.Contains("<th scope=\"row\">2026/04/09</th><td>1</td><td>3</td><td>50.0%</td>", html);
        Assert.Contains("<th scope=\"row\">仮IDで初回ログイン</th><td>3</td><td>60.0%</td><td>60.0%</td>", html);

        // Prefectures in JIS order: 北海道 first, 沖縄県 last.
        Assert.True(html.IndexOf("<th scope=\"row\">北海道</th>", StringComparison.Ordinal) < html.IndexOf("<th scope=\"row\">青森県</th>", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<th scope=\"row\">鹿児島県</th>", StringComparison.Ordinal) < html.IndexOf("<th scope=\"row\">沖縄県</th>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_table_downloads_as_utf8_csv_with_a_byte_order_mark()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var session = await OperatorSessionAsync(app, new ManualClock(Now));

        var response = await session.Client.GetAsync("/operator/dashboard?handler=Csv&table=prefectures&encoding=utf8");
        Refusals.AssertNotStored(response);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("registration-prefectures-20260410.csv", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Lines(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(49, lines.Length); // header, 47 prefectures, 全国
        Assert.Equal("都道府県番号,都道府県,有効な医療機関等数,登録済みアカウント数,登録率(%)", lines[0]);
        Assert.Equal("01,北海道,3,2,66.7", lines[1]);
        Assert.Equal("13,東京都,2,2,100.0", lines[13]);
        Assert.Equal("27,大阪府,0,0,", lines[27]);
        Assert.Equal("47,沖縄県,1,0,0.0", lines[47]);
        Assert.Equal(",全国,6,4,66.7", lines[48]);

        Assert.Equal(
            ["点数表番号,種別,有効な医療機関等数,登録済みアカウント数,登録率(%)", "1,医科,3,2,66.7", "3,歯科,1,1,100.0", "4,薬局,2,1,50.0", ",全国,6,4,66.7"],
            Lines(await CsvTextAsync(session, "kinds", "utf8")));
        Assert.Equal(
            ["日付,新規登録数,累計登録数,登録率(%)", "2026-04-08,2,2,33.3", "2026-04-09,1,3,50.0", "2026-04-10,1,4,66.7"],
            Lines(await CsvTextAsync(session, "daily", "utf8")));
        Assert.Equal(
            ["段階,医療機関等数,前段階からの率(%),最初の段階からの率(%)", "仮ID発行,5,,100.0", "仮IDで初回ログイン,3,60.0,60.0", "本登録の申請,2,66.7,40.0", "登録完了,2,100.0,40.0"],
            Lines(await CsvTextAsync(session, "funnel", "utf8")));
        Assert.Equal(
            [
                "発送ID,キャンペーン,発送日,段階,医療機関等数,前段階からの率(%),最初の段階からの率(%)",
                "2,新設・承継 4月,2026-04-09,発送,2,,100.0",
                "2,新設・承継 4月,2026-04-09,アカウント登録済み,1,50.0,50.0",
                "1,第1回 未登録の医療機関等,2026-04-01,発送,4,,100.0",
                "1,第1回 未登録の医療機関等,2026-04-01,仮IDで初回ログイン,3,75.0,75.0",
                "1,第1回 未登録の医療機関等,2026-04-01,本登録の申請,2,66.7,50.0",
                "1,第1回 未登録の医療機関等,2026-04-01,登録完了,2,100.0,50.0",
            ],
            Lines(await CsvTextAsync(session, "campaigns", "utf8")));
        var responses = Lines(await CsvTextAsync(session, "responses", "utf8"));
        Assert.Equal("発送ID,キャンペーン,発送日,段階,発送日からの日数,日付,件数,累計,発送数に対する率(%)", responses[0]);
        Assert.Equal(1 + 2 + 10, responses.Length);
        Assert.Equal("2,新設・承継 4月,2026-04-09,アカウント登録済み,1,2026-04-10,1,1,50.0", responses[2]);
        Assert.Equal("1,第1回 未登録の医療機関等,2026-04-01,登録完了,7,2026-04-08,2,2,50.0", responses[10]);
        Assert.Equal(
            [
                "届出,受付,受理,差戻し,取下げ,発送済,到着確認済,発行済,不交付,合計", "承継届出,0,0,0,0,0,0,0,0,0", "経過措置届出,0,0,0,0,0,0,0,0,0", "利用申請,0,0,0,0,0,0,0,0,0",
                "顔認証付きカードリーダー申込,0,0,0,0,0,0,0,0,0", "電子証明書発行申請,0,0,0,0,0,0,0,0,0", "運用開始日の登録,0,0,0,0,0,0,0,0,0", "補助金申請,0,0,0,0,0,0,0,0,0",
            ],
            Lines(await CsvTextAsync(session, "filings", "utf8")));
    }

    [Fact]
    public async Task The_shift_jis_download_is_the_same_table_in_cp932_without_a_byte_order_mark()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var session = await OperatorSessionAsync(app, new ManualClock(Now));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp932 = Encoding.GetEncoding(932);

        foreach (var table in new[] { "prefectures", "kinds", "daily", "funnel", "campaigns", "filings" })
        {
            var response = await session.Client.GetAsync($"/operator/dashboard?handler=Csv&table={table}&encoding=sjis");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("shift_jis", response.Content.Headers.ContentType!.CharSet);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal(await CsvTextAsync(session, table, "utf8"), cp932.GetString(bytes));
        }

        var prefectures = await (await session.Client.GetAsync("/operator/dashboard?handler=Csv&table=prefectures&encoding=sjis")).Content.ReadAsByteArrayAsync();
        var hokkaido = cp932.GetBytes("01,北海道,3,2,66.7\r\n");
        Assert.True(prefectures.AsSpan().IndexOf(hokkaido) > 0, "北海道's row is in CP932 bytes");
    }

    [Fact]
    public async Task An_unknown_table_or_encoding_is_not_found()
    {
        await using var app = await StartAppAsync();
        var session = await OperatorSessionAsync(app, new ManualClock(Now));
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/operator/dashboard?handler=Csv&table=users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/operator/dashboard?handler=Csv&table=kinds&encoding=latin1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/operator/dashboard?handler=Csv&table=99")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_and_institution_accounts_cannot_see_the_dashboard_or_its_csv()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);

        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        foreach (var url in new[] { "/operator/dashboard", "/operator/dashboard?handler=Csv&table=prefectures" })
        {
            var (response, _) = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/login?ReturnUrl=", response.Headers.Location!.ToString());
        }

        const string password = "umi-no-mieru-machi-2026";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var created = await users.CreateAsync(
                new PortalUser { UserName = "clinic@example.jp", Email = "clinic@example.jp", EmailConfirmed = true, InstitutionCode = B, InstitutionRole = InstitutionRole.Administrator, AccountOf = B, CreatedAt = Now },
                password);
            Assert.True(created.Succeeded);
        }

        var institution = new HttpSession(app.CreateBrowserLikeClient());
        await institution.LogInAsync("clinic@example.jp", password, "/mypage");
        foreach (var url in new[] { "/operator/dashboard", "/operator/dashboard?handler=Csv&table=prefectures" })
        {
            var (response, _) = await institution.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/access-denied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Operators_and_admins_reach_it_from_the_menu()
    {
        await using var app = await StartAppAsync();
        foreach (var role in new[] { Roles.Operator, Roles.Admin })
        {
            var (email, password) = await app.AddOperatorAsync(role);
            var session = new HttpSession(app.CreateBrowserLikeClient());
            await session.LogInAsync(email, password, "/operator");
            var (_, menu) = await session.GetAsync("/operator");
            Assert.Contains("href=\"/operator/dashboard\"", menu);
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator/dashboard")).Response.StatusCode);
        }

        // A Printer prints; the figures are not theirs.
        var (printerEmail, printerPassword) = await app.AddOperatorAsync(Roles.Printer);
        var printer = new HttpSession(app.CreateBrowserLikeClient());
        await printer.LogInAsync(printerEmail, printerPassword, "/operator");
        Assert.DoesNotContain("href=\"/operator/dashboard\"", (await printer.GetAsync("/operator")).Html);
        Refusals.AssertForbidden((await printer.GetAsync("/operator/dashboard")).Response);
    }

    [Fact]
    public async Task The_scenario_s_steps_filled_from_its_records_agree_with_the_records()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        await DashboardRecords.AssertAgreesAsync(app);
    }

    [Fact]
    public async Task A_code_registered_before_the_master_had_it_counts_once_an_import_adds_it_and_no_longer_once_one_closes_it()
    {
        await using var app = await StartAppAsync();
        var records = CampaignScenario.Records(6);
        await app.ImportAsync(records.Take(5));
        var late = records[5];
        await RegistrationScenario.RegisterAsync(app, late.Code.Value, late.Name, late.Founder, "late@clinic.example", "haru-ichiban-ga-fuku-hi");
        await DashboardRecords.AssertAgreesAsync(app);
        Assert.Equal(0, (await DashboardFiguresAsync(app)).Overall.Accounts);

        await app.ImportAsync([late]);
        Assert.Equal(1, (await DashboardFiguresAsync(app)).Overall.Accounts);
        await DashboardRecords.AssertAgreesAsync(app);

        await app.ImportAsync([late with { ClosedOn = new DateOnly(2024, 3, 31) }]);
        Assert.Equal(0, (await DashboardFiguresAsync(app)).Overall.Accounts);
        await DashboardRecords.AssertAgreesAsync(app);
    }

    [Theory]
    [InlineData("=1+2")]
    [InlineData("+81-3-1234")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("'=already quoted")]
    public async Task Issue14_a_campaign_name_that_looks_like_a_formula_reaches_the_dashboard_csv_as_text(string name)
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<Campaign>().Where(c => c.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, name));
        }

        var session = await OperatorSessionAsync(app, new ManualClock(Now));
        var bytes = await session.Client.GetByteArrayAsync("/operator/dashboard?handler=Csv&table=campaigns&encoding=utf8");
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n");
        Assert.Contains($"1,'{name},2026-04-01,発送,4,,100.0", lines);
    }

    private static async Task<DashboardFigures> DashboardFiguresAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await new RegistrationDashboard(scope.ServiceProvider.GetRequiredService<Infrastructure.Data.PortalDbContext>(), TimeProvider.System).LoadAsync();
    }

    private static async Task<DashboardFigures> LoadAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.PortalDbContext>();
        return await new RegistrationDashboard(db, new ManualClock(Now)).LoadAsync();
    }

    /// <summary>An operator logged in to the app running on <paramref name="clock"/>.</summary>
    private static async Task<HttpSession> OperatorSessionAsync(PortalAppFactory app, ManualClock clock)
    {
        var (email, password) = await app.AddOperatorAsync();
        var client = app.WithClock(clock).CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = true,
        });
        var session = new HttpSession(client);
        await session.LogInAsync(email, password, "/operator");
        return session;
    }

    private static async Task<string> CsvTextAsync(HttpSession session, string table, string encoding)
    {
        var bytes = await (await session.Client.GetAsync($"/operator/dashboard?handler=Csv&table={table}&encoding={encoding}")).Content.ReadAsByteArrayAsync();
        return encoding == "utf8" ? Encoding.UTF8.GetString(bytes.AsSpan(3)) : Encoding.GetEncoding(932).GetString(bytes);
    }

    private static string[] Lines(string text)
    {
        Assert.EndsWith("\r\n", text);
        return text[..^2].Split("\r\n");
    }

    private static (string, long, long) Row(RateRow row) => (row.Label, row.Institutions, row.Accounts);
}

public sealed class DashboardTestsOnSqlite : DashboardTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class DashboardTestsOnPostgres : DashboardTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
