using System.ComponentModel.DataAnnotations;
using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Features.Campaigns.Pages;

/// <summary>The back office's form for a new campaign; the rules beyond "filled in" are CampaignService's.</summary>
public sealed class CampaignInput
{
    [Display(Name = "発送の種類")]
    [Required(ErrorMessage = "発送の種類を選んでください。")]
    public CampaignKind? Kind { get; set; }

    [Display(Name = "名称")]
    [Required(ErrorMessage = "名称を入力してください。")]
    [StringLength(200, ErrorMessage = "名称は200文字以内にしてください。")]
    public string? Name { get; set; }

    [Display(Name = "基準日")]
    [Required(ErrorMessage = "基準日を入力してください。")]
    public DateOnly? CutoffDate { get; set; }

    [Display(Name = "発送日")]
    [Required(ErrorMessage = "発送日を入力してください。")]
    public DateOnly? LetterDate { get; set; }

    [Display(Name = "再発送の元になる発送")]
    public long? AfterCampaignId { get; set; }

    [Display(Name = "新設とみなす開設日")]
    public DateOnly? OpenedAfter { get; set; }

    // Prefilled with the seed's 2023 sentences: the example the operator corrects to the mailing's own dates.
    [Display(Name = "施行の文")]
    public string? EnforcementSentence { get; set; } = LetterSentences.Seed.Enforcement;

    [Display(Name = "経過措置の文")]
    public string? TransitionSentence { get; set; } = LetterSentences.Seed.Transition;

    public CampaignRequest ToRequest() => new()
    {
        Kind = Kind!.Value,
        Name = Name!,
        CutoffDate = CutoffDate!.Value,
        LetterDate = LetterDate!.Value,
        AfterCampaignId = AfterCampaignId,
        OpenedAfter = OpenedAfter,

        // Empty stays empty (CampaignService refuses it in Japanese), rather than quietly becoming the 2023 text.
        EnforcementSentence = EnforcementSentence ?? string.Empty,
        TransitionSentence = TransitionSentence ?? string.Empty,
    };
}
