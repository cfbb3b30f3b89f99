using OnshiPortal.Features.CallCentre;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// The wording of the two enclosures of the 2023-02-03 mailing (seed 000, 別添1 and 別添2), with the deadline, the
/// cut-off date, the institution's name and the campaign's dated sentences (<see cref="LetterSentences"/>: 施行, 経過措置)
/// filled in. Markup: **bold** (PdfText).
/// </summary>
internal static class LetterText
{
    public const string Senders1 = "厚生労働省";
    public const string Senders2 = "社会保険診療報酬支払基金";
    public const string Greeting = "平素は、厚生労働省・社会保険診療報酬支払基金の事業運営につきまして、格別のご理解とご協力を賜り、厚くお礼申し上げます。";
    public const string CallCentre = "本件に関して、ご不明な点がある場合は、オンライン資格確認等コールセンターまでご連絡ください。";

    /// <summary>The seed's line, with the number and hours of the setting the site's footer shows too.</summary>
    public static string CallCentrePhone(CallCentreContact contact) => $"☎：{contact.Phone}（通話無料）{contact.Hours}";

    /// <summary>別添1's QR code opens the login with the ID filled in; 別添2's opens the top page (register or succession).</summary>
    public static string QrCaption(LetterKind kind) => kind == LetterKind.Unregistered
        ? "こちらのQRコードからログインできます"
        : "こちらのQRコードからアカウント登録・承継手続きができます";

    public static string Title(LetterKind kind) => kind == LetterKind.Unregistered
        ? "オンライン資格確認 医療機関等向けポータルサイトへのアカウント登録のご案内について"
        : "オンライン資格確認医療機関等向けポータルサイトへの\nアカウント登録または承継手続きのご案内について";

    private static string Action(LetterKind kind) =>
        kind == LetterKind.Unregistered ? "アカウント登録" : "アカウント登録または承継手続き";

    public static IEnumerable<string> Body(LetterKind kind, string deadline, LetterSentences sentences)
    {
        yield return Greeting;
        yield return sentences.Enforcement + "医療機関等向けポータルサイトでは、オンライン資格確認等システムやオンライン資格確認等システムの基盤を活用した電子処方箋等に関する情報発信や、導入を進めていただくにあたり必要な各種申請手続きを行うことができますので、"
            + (kind == LetterKind.Unregistered ? string.Empty : "下図のとおり、") + $"**{Action(kind)}をお願いいたします。**";
        yield return sentences.Transition + "経過措置の届出については、医療機関等向けポータルサイトから行うことができますので、経過措置の対象となる保険医療機関・薬局は、"
            + $"**遅くとも{deadline}までにあらかじめ{Action(kind)}を行った上で「医療機関等向けポータルサイト」から事前届出を行ってください。**経過措置等の詳細は、医療機関等向けポータルサイトに掲載しております。";
    }

    public const string UnregisteredLead = "**「医療機関等向けポータルサイト」へのアカウント登録をお願いいたします。**";
    public const string UnregisteredInstruction = "下記の仮メールアドレス・パスワードでログインし、アカウント登録をお願いします。（登録方法は裏面参照）\nなお、皆様の登録作業簡素化のため、支払基金で把握している内容（開設者名等）は登録済です。";

    public static string CredentialCaption(string name) => $"＜{name}における仮メールアドレス・パスワード＞";

    public static readonly (string Heading, string Request, string Pointer)[] Choices =
    [
        ("これまで、医療機関等向けポータルサイト\nアカウント登録をしていない医療機関・薬局",
            "「医療機関等向けポータルサイト」の**アカウント登録**をお願いいたします。", "▶裏面の「アカウント登録方法」をご確認ください。"),
        ("過去に旧医療機関コード等で医療機関等向けポータルサイトのアカウント登録をしていた医療機関・薬局",
            "「医療機関等向けポータルサイト」の**承継手続き**をお願いいたします。", "▶裏面の「承継手続き方法」をご確認ください。"),
    ];

    public static IEnumerable<string> Notes(LetterKind kind, string cutoff)
    {
        if (kind == LetterKind.Unregistered)
        {
            yield return "※ 仮メールアドレス・パスワードは貴医療機関・薬局がログインするために支払基金が発行したものです。アカウント登録の際に、貴医療機関・薬局のメールアドレス、任意のパスワードに変更してください。";
            yield return $"※ 当文書については{cutoff}時点においてアカウント登録を行っていない医療機関・薬局の皆様へ送付しております。既にアカウント登録を了している医療機関・薬局の皆様は改めてのアカウント登録は不要ですのでご容赦願います。";
            yield return "※ 当文書については、オンライン資格確認の原則義務化対象外となっている医療機関・薬局の皆様にも送付しております。今後、オンライン資格確認等システムの基盤を利用したサービス等の情報も随時、医療機関等向けポータルサイトでご案内しますので、ぜひご登録ください。";
        }
        else
        {
            yield return $"※ 当文書については{cutoff}時点においてアカウント登録又は承継手続きを行っていない医療機関・薬局の皆様へ送付しております。既にアカウント登録または承継手続きを了している医療機関・薬局の皆様は改めてのアカウント登録または承継手続きは不要ですのでご容赦願います。";
            yield return "※ 承継手続きとは、医療機関等コードの変更を伴う、個人診療所を医療法人化する場合（開設者の変更）、親から子など、実質的な診療体制等を継続する場合、保険医療機関等の住所を移転する場合、フランチャイズ契約先の変更後も、実質的な調剤体制を継続する場合等において、オンライン資格確認に関するすべての権利・義務を承継するための手続きです。";
        }
    }

    /// <summary>The back page: one or two sections of numbered steps. The seed's screenshots are left out.</summary>
    public static IEnumerable<(string Title, string[] Steps)> Back(LetterKind kind, CallCentreContact contact)
    {
        const string Search = "検索サイト等で「医療機関等ポータル」と検索、または表面のQRコードを読み取りください。";
        if (kind == LetterKind.Unregistered)
        {
            yield return ("「医療機関等向けポータルサイト」アカウント登録方法",
            [
                "① " + Search,
                "② 医療機関等向けポータルサイトを開き、画面上部の右側の「すでにアカウントをお持ちの方はログイン」をクリックしてください。",
                "③ 表面記載の仮メールアドレス・仮パスワードを、それぞれ「メールアドレス・パスワード欄」に入力し、「ログイン」をクリックしてください。",
                "④ ログイン後、「アカウント情報編集」をクリックしてください。",
                "⑤ 現在登録されている貴医療機関・薬局の情報について、次のとおり変更・確認をして、「確認画面へ進む」をクリックしてください。\n「パスワード」欄は空白になっていますので、貴医療機関・薬局が任意に設定するパスワードを入力してください。",
                "⑥ 変更内容が反映されているかご確認いただき、「上記の内容に同意して確定する」をクリックしてください。以上で完了です。",
            ]);
            yield break;
        }

        yield return ("「医療機関等向けポータルサイト」アカウント登録方法",
        [
            "① " + Search,
            "② 医療機関等向けポータルサイトを開き、画面上部右側の「初めてご利用になる方（アカウント登録）」をクリックしてください。",
            "③ 受信できるメールアドレスを入力し、「仮登録メールを送信する」ボタンをクリックしてください。\n仮登録メールが、入力されたメールアドレスあてに送信されます。\n送られてきたアカウント登録用URLをクリックし、アカウント情報入力画面を開きます。",
            "④ 医療機関等情報を入力し、「確認画面へ進む」ボタンをクリックしてください。\n入力内容の確認画面が表示されますので、お間違えがなければ「上記の内容で確定する」ボタンをクリックしてください。\n登録されたメールアドレスあてに「アカウント登録完了のご案内」が送信されます。これでアカウント登録は完了です。",
        ]);
        yield return ("「医療機関等向けポータルサイト」承継手続き方法",
        [
            "① " + Search,
            "② 医療機関等向けポータルサイトを開き、画面上部右側の「すでにアカウントをお持ちの方はログイン」をクリックしてください。",
            "③ 過去にアカウント登録したメールアドレス、パスワードを入力し、ログインをクリックしてください。\nなお、メールアドレス等を失念した場合は、オンライン資格確認等コールセンター（" + contact.Phone + "）へご連絡ください。",
            "④ 「オンライン資格確認関係 保険医療機関等承継届出」をクリックしてください。",
            "⑤ 承継手続きに必要な情報を入力し、「確認画面へ進む」ボタンをクリックしてください。\n入力内容の確認画面が表示されますので、お間違えがなければ「上記の内容で確定する」ボタンをクリックしてください。\n登録されたメールアドレスあてに承継届出の受理メールが送信されます。その後、今後の手続きに関するご案内を郵送します。",
            "※ 承継手続きの詳細、入力例を知りたい場合は、⑤の入力画面から「承継の詳細については⇒こちらをクリック」「入力例を確認される方は⇒こちらをクリック」のリンクをクリックしてご確認ください。",
        ]);
    }
}
