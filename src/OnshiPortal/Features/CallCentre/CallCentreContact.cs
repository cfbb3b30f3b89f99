namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// オンライン資格確認等コールセンター as a clinic is told it: the number and the hours, from configuration
/// (<c>CallCentre:Phone</c>, <c>CallCentre:Hours</c>), so that the site's footer and the letters say the same and
/// change together. The defaults are the seed letter's: 「☎：0800-0804583（通話無料）月曜日～金曜日 8:00～18:00
/// 土曜日 8:00～16:00（いずれも祝日を除く）」.
/// </summary>
public sealed record CallCentreContact
{
    public const string Section = "CallCentre";

    public string Phone { get; set; } = "0800-0804583";

    public string Hours { get; set; } = "月曜日～金曜日 8:00～18:00 土曜日 8:00～16:00（いずれも祝日を除く）";

    /// <summary>For a link a phone dials: the digits and hyphens of the number alone.</summary>
    public string TelUri => "tel:" + new string([.. Phone.Where(c => char.IsAsciiDigit(c) || c == '-' || c == '+')]);
}
