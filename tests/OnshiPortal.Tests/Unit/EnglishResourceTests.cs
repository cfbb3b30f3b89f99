using System.Text.RegularExpressions;
using System.Xml.Linq;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.News;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// Every text the English pages look up has an English entry: the Japanese keys of <c>T["…"]</c> in the views of the
/// pages the English UI covers, and the data annotation messages of their forms. A missing key would show Japanese
/// on an English page without anyone noticing.
/// </summary>
public sealed partial class EnglishResourceTests
{
    /// <summary>The views in English so far (the rest of the portal is still Japanese only: README, "Languages").</summary>
    public static readonly string[] CoveredViews =
    [
        "Shared/_Layout.cshtml", "Shared/_ErrorSummary.cshtml", "Shared/_InstitutionSummary.cshtml",
        "Home/Index.cshtml", "Account/Login.cshtml",
        "Activation/Edit.cshtml", "Activation/Sent.cshtml", "Activation/Complete.cshtml",
        "Registration/Register.cshtml", "Registration/Form.cshtml", "Registration/Done.cshtml",
        "Account/ForgotPassword.cshtml", "Account/Settings.cshtml", "Account/ChangePassword.cshtml", "Account/ChangeEmail.cshtml",
        "Account/Sessions.cshtml", "Account/ResetPassword.cshtml", "Account/ConfirmEmailChange.cshtml", "Registration/Prove.cshtml",
        "Activation/Start.cshtml", "Filings/_OpenProcedures.cshtml",
        "Account/TwoFactor.cshtml", "Account/EnableAuthenticator.cshtml", "Account/LoginTwoFactor.cshtml", "Account/LoginRecovery.cshtml",
        "Account/Reauthenticate.cshtml", "Account/_RecoveryCodes.cshtml", "Account/Logout.cshtml", "Account/AccessDenied.cshtml",
        "Errors/Error.cshtml", "Status/Index.cshtml", "Status/_Incident.cshtml", "Status/_StatusBanner.cshtml", "Status/Operator/Index.cshtml", "Status/Operator/Details.cshtml", "News/Index.cshtml", "News/Details.cshtml", "News/_NoticeList.cshtml", "News/_NoticeArticle.cshtml",
        "Filings/MyPage.cshtml", "Filings/Show.cshtml", "Filings/_FilingDetails.cshtml",
        "Filings/Succession/Form.cshtml", "Filings/Succession/About.cshtml", "Filings/Succession/Example.cshtml",
        "Filings/Deferral/Form.cshtml",
        "Procedures/ServiceApplications/MasterAccount.cshtml", "Procedures/ServiceApplications/_MasterAccountNotice.cshtml",
        "Procedures/ServiceApplications/_MasterAccountCallCentre.cshtml", "PostalLetters/Pages/Index.cshtml", "PostalLetters/Pages/_Letters.cshtml", "PostalLetters/Pages/_InstitutionLetters.cshtml", "Subsidy/Payments/Pages/Index.cshtml",
        "Scheduler/Index.cshtml", "BackOffice/Index.cshtml", "BackOffice/DeadMail.cshtml", "Institutions/Search/Index.cshtml", "CallCentre/Unconfirmed.cshtml",
        "CallCentre/Details.cshtml", "CallCentre/Act.cshtml", "Dashboard/Index.cshtml", "Dashboard/_CsvLinks.cshtml",
        "Dashboard/_Funnel.cshtml", "Dashboard/_RateTable.cshtml",
        "Campaigns/Pages/Index.cshtml", "Campaigns/Pages/Details.cshtml", "Filings/Review/Index.cshtml", "Filings/Review/Details.cshtml",
        "News/Operator/Index.cshtml", "News/Operator/Details.cshtml", "News/Operator/Write.cshtml", "News/Operator/Circulate.cshtml",
        "News/Operator/Associations.cshtml",
        "People/Index.cshtml", "People/Accept.cshtml",
        "Vendors/Grants.cshtml", "Vendors/Accept.cshtml", "Vendors/Index.cshtml", "Vendors/_MyPageVendors.cshtml",
        "News/Operator/Associations.cshtml", "People/Notifications.cshtml",
        "Procedures/Form.cshtml", "Procedures/_Field.cshtml", "Procedures/Road/Index.cshtml", "Procedures/Road/_Road.cshtml",
    ];

    /// <summary>
    /// Page models whose every Japanese text reaches the person (errors they add, status lines, the error page's
    /// titles and messages, the change named in a mail): each literal is a key that needs its English.
    /// </summary>
    private static readonly string[] ShownModelTexts =
    [
        "Account/TwoFactor.cshtml.cs", "Account/EnableAuthenticator.cshtml.cs", "Account/LoginTwoFactor.cshtml.cs",
        "Account/LoginRecovery.cshtml.cs", "Account/Reauthenticate.cshtml.cs", "Account/AfterLogin.cs", "Errors/Error.cshtml.cs",
        "CallCentre/Act.cshtml.cs", "CallCentre/InstitutionFile.cs", "CallCentre/AccountState.cs", "CallCentre/CallCentreAction.cs",
        "Institutions/Search/InstitutionSearch.cs", "Institutions/InstitutionKind.cs", "Institutions/InstitutionStatusNames.cs",
        "Campaigns/Pages/Details.cshtml.cs", "Filings/Review/Details.cshtml.cs", "Filings/Review/AcceptancePreview.cs",
        "News/Operator/Details.cshtml.cs", "News/Operator/Write.cshtml.cs", "News/Operator/Associations.cshtml.cs",
        "People/Notifications.cshtml.cs", "People/PeopleStates.cs", "Status/Operator/Index.cshtml.cs", "Status/Operator/Details.cshtml.cs", "Status/Incident.cs",
        "Procedures/ServiceApplications/MasterAccount.cs", "PostalLetters/PostalLetter.cs", "PostalLetters/Pages/Index.cshtml.cs", "Subsidy/Payments/Pages/Index.cshtml.cs",
        "Scheduler/Index.cshtml.cs", "../Infrastructure/Scheduling/ScheduledRuns.cs", "../Infrastructure/Scheduling/JobScheduler.cs",

        // The refusals the back office's pages show as they come from the service.
        "News/NoticeBoard.cs", "News/NoticeCirculation.cs", "Campaigns/Jobs/CampaignJobs.cs", "Campaigns/Jobs/CampaignJobRunner.cs",
        "People/InstitutionPeople.cs", "People/Invitations.cs", "People/PersonGate.cs", "People/PersonState.cs", "People/Index.cshtml.cs",
        "Vendors/Grants.cshtml.cs", "Vendors/Accept.cshtml.cs", "Vendors/Index.cshtml.cs", "Vendors/VendorGrants.cs", "Vendors/VendorAcceptance.cs",

        // The procedures: their names, what they are for, their steps after 受理, their refusals, the road's words.
        "Procedures/Form.cshtml.cs", "Procedures/Drafts/SavedDrafts.cs", "Procedures/Road/RoadQueries.cs", "Procedures/Road/RoadStep.cs", "Procedures/ServiceApplications/ServiceApplication.cs",
        "Procedures/CardReaders/CardReaderOrder.cs", "Procedures/Certificates/CertificateRequest.cs", "Procedures/OperationStarts/OperationStart.cs",
        "Filings/Succession/SuccessionProcedure.cs", "Filings/Deferral/DeferralProcedure.cs", "Institutions/InstitutionClass.cs",
    ];

    private static readonly string Features = Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "Features");

    private static readonly HashSet<string> English = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "Infrastructure", "Localization", "Ui.en.resx"))
        .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    public static TheoryData<string> Views() => [.. CoveredViews];

    /// <summary>
    /// The covered views with no Japanese left outside a key, and the dashboard's charts, which have no text of their
    /// own. The sessions page and the dashboard keep their dates in their Japanese format, as every page does.
    /// </summary>
    public static TheoryData<string> FullyEnglishViews() =>
        [.. CoveredViews.Where(v => v is not ("Account/Sessions.cshtml" or "Dashboard/Index.cshtml")), "Shared/_LanguageSwitch.cshtml",
            "Dashboard/_BarChart.cshtml", "Dashboard/_LineChart.cshtml"];

    /// <summary>
    /// A key written twice is a build warning that the build does not stop for, and one of the two English texts is
    /// silently dropped: branches merged together each added their own.
    /// </summary>
    [Fact]
    public void Every_Japanese_text_has_one_English_entry()
    {
        var twice = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "Infrastructure", "Localization", "Ui.en.resx"))
            .Root!.Elements("data").GroupBy(d => (string)d.Attribute("name")!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "written more than once: " + string.Join(" | ", twice));
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Every_text_of_a_covered_view_has_its_English(string view)
    {
        var source = File.ReadAllText(Path.Combine(Features, view));
        var keys = LocalizerKey().Matches(source).Select(m => Regex.Unescape(m.Groups[1].Value)).ToList();

        Assert.NotEmpty(keys);
        var missing = keys.Where(k => !English.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{view}: no English for " + string.Join(" | ", missing));
    }

    [Theory]
    [MemberData(nameof(FullyEnglishViews))]
    public void A_covered_view_has_no_Japanese_outside_its_keys(string view)
    {
        var source = File.ReadAllText(Path.Combine(Features, view));
        var outside = LocalizerKey().Replace(source, string.Empty);
        outside = Regex.Replace(outside, @"@\*.*?\*@", string.Empty, RegexOptions.Singleline); // Razor comments
        outside = Regex.Replace(outside, @"T\[[^\]]*\]", string.Empty);
        outside = Regex.Replace(outside, "\"日本語\"|〒", string.Empty); // the switch names Japanese in Japanese; the postal mark
        var japanese = Regex.Matches(outside, @"[\u3040-\u30ff\u4e00-\u9fff]+").Select(m => m.Value).ToList();

        Assert.True(japanese.Count == 0, $"{view}: Japanese outside T[\"…\"]: " + string.Join(" | ", japanese));
    }

    [Fact]
    public void Every_data_annotation_message_of_the_covered_forms_has_its_English()
    {
        string[] models = ["Activation/Edit.cshtml.cs", "Account/Login.cshtml.cs", "Account/EmailAddress.cs", "Registration/Form.cshtml.cs", "Registration/Register.cshtml.cs", "Account/ForgotPassword.cshtml.cs",
            "Account/ChangePassword.cshtml.cs", "Account/ChangeEmail.cshtml.cs", "Account/ResetPassword.cshtml.cs", "Registration/Prove.cshtml.cs",
            "Account/TwoFactor.cshtml.cs", "Account/EnableAuthenticator.cshtml.cs", "Account/LoginTwoFactor.cshtml.cs", "Account/LoginRecovery.cshtml.cs",
            "Filings/Succession/Form.cshtml.cs", "Campaigns/Pages/CampaignInput.cs", "News/Operator/Write.cshtml.cs",
            "Vendors/Grants.cshtml.cs"];
        var messages = models
            .SelectMany(m => ErrorMessage().Matches(File.ReadAllText(Path.Combine(Features, m))))
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(messages);
        var missing = messages.Where(k => !English.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no English for " + string.Join(" | ", missing));
    }

    [Fact]
    public void Every_text_the_covered_page_models_show_has_its_English()
    {
        var texts = ShownModelTexts
            .SelectMany(m => JapaneseLiteral().Matches(Comment().Replace(File.ReadAllText(Path.Combine(Features, m)), string.Empty)))
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(texts);
        var missing = texts.Where(k => !English.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no English for " + string.Join(" | ", missing));
    }

    /// <summary>
    /// The deferral's categories, labels and hints come from appsettings.json and are looked up by their Japanese: a
    /// sentence edited there (a date written as 和暦 with 西暦) needs its English edited too.
    /// </summary>
    [Fact]
    public void Every_text_of_the_configured_filings_has_its_English()
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "appsettings.json")));
        var texts = new List<string>();
        Collect(settings.RootElement.GetProperty("Filings"), texts);
        Collect(settings.RootElement.GetProperty("Procedures"), texts);

        Assert.NotEmpty(texts);
        var missing = texts.Where(k => !English.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no English for " + string.Join(" | ", missing));

        static void Collect(System.Text.Json.JsonElement element, List<string> into)
        {
            switch (element.ValueKind)
            {
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Collect(property.Value, into);
                    }

                    break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, into);
                    }

                    break;
                case System.Text.Json.JsonValueKind.String when JapaneseText().IsMatch(element.GetString()!):
                    into.Add(element.GetString()!);
                    break;
            }
        }
    }

    [GeneratedRegex("[\u3040-\u30ff\u4e00-\u9fff]")]
    private static partial Regex JapaneseText();

    /// <summary>
    /// The names the pages look up at run time (<c>T[state.Japanese()]</c>, a prefecture, an audit action, a letter's
    /// kind, a step of a mailing's progress, a notice's or a job's state): none is a literal in a view, so each is
    /// checked here.
    /// </summary>
    [Fact]
    public void Every_name_a_page_looks_up_at_run_time_has_its_English()
    {
        var now = DateTimeOffset.UnixEpoch;
        CredentialRow Credential(DateTimeOffset? used, DateTimeOffset? revoked, DateTimeOffset expires) => new(1, "x", 1, now, expires, "op", used, revoked);
        var counts = new CampaignStepCounts { Letters = 1 };
        string[] names =
        [
            .. Prefectures.All.Select(p => p.Name),
            .. Enum.GetValues<InstitutionKind>().Select(k => k.Japanese()),
            .. Enum.GetValues<InstitutionStatus>().Select(s => s.Japanese()),
            .. Enum.GetValues<RevisionKind>().Select(k => k.Japanese()),
            .. typeof(Institution).GetProperties().Select(p => InstitutionStatusNames.FieldLabel(p.Name)).Where(l => !l.All(char.IsAscii)),
            .. Enum.GetValues<AccountState>().Select(s => s.Japanese()),
            .. Enum.GetValues<CallCentreAction>().Select(a => a.Japanese()),
            .. AuditNames.All,
            Credential(now, null, now).State(now), Credential(null, now, now).State(now), Credential(null, null, now).State(now), Credential(null, null, now.AddDays(1)).State(now),
            .. Enum.GetValues<CampaignKind>().Select(k => k.Label()),
            .. Enum.GetValues<OnshiPortal.Features.Vendors.DelegationState>().Select(s => OnshiPortal.Features.Vendors.DelegationStates.Japanese(s)),
            .. Enum.GetValues<TargetReason>().Select(r => r.Label()),
            .. Enum.GetValues<CampaignLetterState>().Select(s => s.Label()),
            .. Enum.GetValues<FilingState>().Select(s => s.Japanese()),
            .. Enum.GetValues<FilingType>().Select(t => t.Japanese()),
            .. Enum.GetValues<CampaignKind>().SelectMany(k => CampaignFunnels.Of(1, "DM", k, new DateOnly(2023, 2, 1), counts).Funnel.Stages.Select(s => s.Name)),
            PendingRegistrations.LetterUsedReason, PendingRegistrations.SuccessionReason, CallCentreDesk.RefusedByOperator, CallCentreDesk.NoSuchPerson,
            .. Enum.GetValues<InstitutionRole>().Select(r => r.Japanese()), .. Enum.GetValues<PersonState>().Select(s => s.Japanese()),
            .. Enum.GetValues<NoticeState>().Select(s => s.Japanese()), .. Enum.GetValues<CampaignState>().Select(s => s.Label()),
            CampaignJobs.WaitingPhase, CampaignJobs.DonePhase, CampaignJobs.FailedPhase,
            FilingMails.SuccessionOutcome, FilingMails.DeferralOutcome, RegistrationMails.PendingNote(true), RegistrationMails.PendingNote(false),
            .. Enum.GetValues<OnshiPortal.Features.PostalLetters.PostalLetterKind>().Select(k => OnshiPortal.Features.PostalLetters.PostalLetterKinds.Japanese(k)),
            OnshiPortal.Features.Procedures.Certificates.CertificateNotices.NoAddress,
            CallCentreDesk.NoAddress, RegistrationPins.NoCode, RegistrationPins.Dead, RegistrationPins.NotPending,
        ];

        var missing = names.Where(k => !English.Contains(k)).Distinct().ToList();
        Assert.True(missing.Count == 0, "no English for " + string.Join(" | ", missing));
    }

    /// <summary>
    /// Messages built with values below the page (<c>Ui.Text("…", …)</c>, anywhere in the program): their Japanese
    /// format is the key, which the page's localizer can no longer find once the values are in.
    /// </summary>
    [Fact]
    public void Every_message_built_with_values_has_its_English()
    {
        var source = Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal");
        var keys = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => UiText().Matches(File.ReadAllText(f)))
            .Select(m => Regex.Unescape(m.Groups[1].Value))
            .ToList();

        Assert.Contains("{0}を入力してください。", keys);
        var missing = keys.Where(k => !English.Contains(k)).Distinct().ToList();
        Assert.True(missing.Count == 0, "no English for " + string.Join(" | ", missing));
    }

    [GeneratedRegex("""Ui\.Text\("((?:[^"\\]|\\.)*)"[,)]""")]
    private static partial Regex UiText();

    /// <summary>A string literal on one line (escaped quotes inside) with Japanese in it.</summary>
    [GeneratedRegex("""(?<!\\)"((?:[^"\\\n]|\\.)*[\u3040-\u30ff\u4e00-\u9fff](?:[^"\\\n]|\\.)*)"(?!\w)""")]
    private static partial Regex JapaneseLiteral();

    /// <summary>A line comment: its quotes are not literals.</summary>
    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex("""T\["((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex("ErrorMessage = \"([^\"]*)\"")]
    private static partial Regex ErrorMessage();
}
