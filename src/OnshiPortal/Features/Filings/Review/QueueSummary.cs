using Microsoft.Extensions.Localization;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>The queue's 内容 column: what tells one filing of a procedure from another at a glance.</summary>
public static class QueueSummary
{
    public static string Of(Filing filing, string categoryName, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(text);
        return filing.Type switch
        {
            FilingType.Succession when filing.SuccessorCode is { } successor => text["承継先 {0}", successor],
            FilingType.Deferral when categoryName.Length > 0 => text[categoryName],
            FilingType.ServiceApplication when filing.Quantity is { } terminals => text["端末{0}台", terminals],
            FilingType.CardReaderOrder when filing.Quantity is { } readers => text["{0}台", readers],
            FilingType.CertificateRequest when filing.Quantity is { } terminal => text["端末番号 {0}", terminal],
            FilingType.OperationStart when filing.EffectiveOn is { } day => text["運用開始日 {0}", Wareki.Date(day)],
            _ => string.Empty,
        };
    }
}
