namespace OnshiPortal.Features.Institutions;

public static partial class InstitutionGenerator
{
    /// <summary>A part of a name with its reading, so that every generated name has the right 名称カナ.</summary>
    private sealed record Word(string Text, string Kana);

    /// <summary>Who the founder (開設者) of an institution named by a pattern is.</summary>
    private enum FounderKind
    {
        /// <summary>The doctor or pharmacist in person, or a medical corporation.</summary>
        PersonOrCorporation,

        /// <summary>医療法人社団{surname}会, the corporation the name begins with.</summary>
        SocialMedicalCorporation,

        /// <summary>医療法人{surname}会, the corporation the name begins with.</summary>
        MedicalCorporation,

        /// <summary>A company (株式会社, 有限会社), as for most pharmacies.</summary>
        Company,
    }

    /// <summary>
    /// An institution name and its reading, where {S} is a surname, {P} a place and {T} a town, each replaced by the
    /// word in the name and by its reading in the kana.
    /// </summary>
    private sealed record NamePattern(string Name, string Kana, FounderKind Founder);

    private static readonly Word[] Surnames =
    [
        new("佐藤", "サトウ"), new("鈴木", "スズキ"), new("高橋", "タカハシ"), new("田中", "タナカ"), new("伊藤", "イトウ"),
        new("渡辺", "ワタナベ"), new("山本", "ヤマモト"), new("中村", "ナカムラ"), new("小林", "コバヤシ"), new("加藤", "カトウ"),
        new("吉田", "ヨシダ"), new("山田", "ヤマダ"), new("佐々木", "ササキ"), new("山口", "ヤマグチ"), new("松本", "マツモト"),
        new("井上", "イノウエ"), new("木村", "キムラ"), new("林", "ハヤシ"), new("斎藤", "サイトウ"), new("清水", "シミズ"),
        new("山崎", "ヤマザキ"), new("森", "モリ"), new("池田", "イケダ"), new("橋本", "ハシモト"), new("阿部", "アベ"),
        new("石川", "イシカワ"), new("山下", "ヤマシタ"), new("中島", "ナカジマ"), new("石井", "イシイ"), new("小川", "オガワ"),
        new("前田", "マエダ"), new("岡田", "オカダ"), new("長谷川", "ハセガワ"), new("藤田", "フジタ"), new("後藤", "ゴトウ"),
        new("近藤", "コンドウ"), new("村上", "ムラカミ"), new("遠藤", "エンドウ"), new("青木", "アオキ"), new("坂本", "サカモト"),
        new("福田", "フクダ"), new("太田", "オオタ"), new("西村", "ニシムラ"), new("藤井", "フジイ"), new("金子", "カネコ"),
        new("岡本", "オカモト"), new("藤原", "フジワラ"), new("中川", "ナカガワ"), new("三浦", "ミウラ"), new("原田", "ハラダ"),
    ];

    private static readonly Word[] GivenNames =
    [
        new("一郎", "イチロウ"), new("健一", "ケンイチ"), new("誠", "マコト"), new("大輔", "ダイスケ"), new("直樹", "ナオキ"),
        new("浩", "ヒロシ"), new("隆", "タカシ"), new("健太", "ケンタ"), new("翔太", "ショウタ"), new("拓也", "タクヤ"),
        new("和也", "カズヤ"), new("修", "オサム"), new("剛", "ツヨシ"), new("亮", "リョウ"), new("達也", "タツヤ"),
        new("聡", "サトシ"), new("哲也", "テツヤ"), new("雅人", "マサト"), new("洋子", "ヨウコ"), new("恵子", "ケイコ"),
        new("裕子", "ユウコ"), new("美穂", "ミホ"), new("直美", "ナオミ"), new("由美", "ユミ"), new("智子", "トモコ"),
        new("久美子", "クミコ"), new("真由美", "マユミ"), new("愛", "アイ"), new("明美", "アケミ"), new("香織", "カオリ"),
        new("彩", "アヤ"), new("舞", "マイ"), new("さくら", "サクラ"), new("健", "ケン"),
    ];

    /// <summary>町名 for addresses and branch names; common all over Japan.</summary>
    private static readonly Word[] Towns =
    [
        new("本町", "ホンマチ"), new("中央", "チュウオウ"), new("栄町", "サカエマチ"), new("幸町", "サイワイチョウ"),
        new("緑町", "ミドリチョウ"), new("旭町", "アサヒマチ"), new("東町", "ヒガシマチ"), new("西町", "ニシマチ"),
        new("南町", "ミナミマチ"), new("北町", "キタマチ"), new("駅前", "エキマエ"), new("桜木町", "サクラギチョウ"),
        new("若葉", "ワカバ"), new("大手町", "オオテマチ"), new("錦町", "ニシキチョウ"), new("元町", "モトマチ"),
        new("新町", "シンマチ"), new("寿町", "コトブキチョウ"), new("昭和町", "ショウワチョウ"), new("松原", "マツバラ"),
        new("青葉", "アオバ"), new("春日", "カスガ"), new("末広町", "スエヒロチョウ"), new("日の出町", "ヒノデチョウ"),
    ];

    private static readonly NamePattern[] MedicalPatterns =
    [
        new("{S}内科クリニック", "{S}ナイカクリニック", FounderKind.PersonOrCorporation),
        new("医療法人社団{S}会 {P}中央病院", "イリョウホウジンシャダン{S}カイ {P}チュウオウビョウイン", FounderKind.SocialMedicalCorporation),
        new("医療法人{S}会 {P}記念病院", "イリョウホウジン{S}カイ {P}キネンビョウイン", FounderKind.MedicalCorporation),
        new("{P}整形外科医院", "{P}セイケイゲカイイン", FounderKind.PersonOrCorporation),
        new("{S}小児科", "{S}ショウニカ", FounderKind.PersonOrCorporation),
        new("{S}眼科", "{S}ガンカ", FounderKind.PersonOrCorporation),
        new("{S}皮膚科クリニック", "{S}ヒフカクリニック", FounderKind.PersonOrCorporation),
        new("{P}耳鼻咽喉科", "{P}ジビインコウカ", FounderKind.PersonOrCorporation),
        new("{S}医院", "{S}イイン", FounderKind.PersonOrCorporation),
        new("{S}循環器内科", "{S}ジュンカンキナイカ", FounderKind.PersonOrCorporation),
        new("{P}ファミリークリニック", "{P}ファミリークリニック", FounderKind.PersonOrCorporation),
        new("{P}こどもクリニック", "{P}コドモクリニック", FounderKind.PersonOrCorporation),
        new("{S}レディースクリニック", "{S}レディースクリニック", FounderKind.PersonOrCorporation),
        new("{P}駅前クリニック", "{P}エキマエクリニック", FounderKind.PersonOrCorporation),
    ];

    private static readonly NamePattern[] DentalPatterns =
    [
        new("{S}歯科医院", "{S}シカイイン", FounderKind.PersonOrCorporation),
        new("{P}デンタルクリニック", "{P}デンタルクリニック", FounderKind.PersonOrCorporation),
        new("{S}歯科クリニック", "{S}シカクリニック", FounderKind.PersonOrCorporation),
        new("医療法人{S}会 {S}歯科", "イリョウホウジン{S}カイ {S}シカ", FounderKind.MedicalCorporation),
        new("{P}駅前歯科", "{P}エキマエシカ", FounderKind.PersonOrCorporation),
        new("{P}こども歯科", "{P}コドモシカ", FounderKind.PersonOrCorporation),
        new("{S}矯正歯科", "{S}キョウセイシカ", FounderKind.PersonOrCorporation),
    ];

    private static readonly NamePattern[] PharmacyPatterns =
    [
        new("{P}薬局", "{P}ヤッキョク", FounderKind.Company),
        new("{S}調剤薬局 {P}店", "{S}チョウザイヤッキョク {P}テン", FounderKind.Company),
        new("さくら薬局 {P}店", "サクラヤッキョク {P}テン", FounderKind.Company),
        new("ひまわり薬局 {P}店", "ヒマワリヤッキョク {P}テン", FounderKind.Company),
        new("あおば薬局 {T}店", "アオバヤッキョク {T}テン", FounderKind.Company),
        new("{P}中央薬局", "{P}チュウオウヤッキョク", FounderKind.Company),
        new("{P}駅前薬局", "{P}エキマエヤッキョク", FounderKind.Company),
        new("{S}薬局", "{S}ヤッキョク", FounderKind.PersonOrCorporation),
    ];

    /// <summary>Company names for pharmacies, with {S} and {P} as in the name patterns.</summary>
    private static readonly string[] Companies = ["株式会社{S}ファーマ", "株式会社{P}メディカル", "有限会社{S}薬局"];
}
