using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy;

/// <summary>What the 総事業費 is split into: each item has its own rate and cap in the rules.</summary>
public enum SubsidyItem
{
    /// <summary>顔認証付きカードリーダー.</summary>
    CardReader,

    /// <summary>資格確認端末 (the PC the reader is connected to).</summary>
    Terminal,

    /// <summary>ネットワーク (回線, ルーター, its set-up).</summary>
    Network,

    /// <summary>システム改修 (レセコン, 電子カルテ: the vendor's work to read the results).</summary>
    SystemChange,

    /// <summary>その他 (what the rules allow beyond the four).</summary>
    Other,
}

/// <summary>The documents a claim attaches; which are required is a rule (<see cref="SubsidyDocumentRule"/>).</summary>
public enum SubsidyDocument
{
    /// <summary>領収書（写）.</summary>
    Receipt,

    /// <summary>領収書内訳書（写）: the vendor's breakdown of the receipt by item.</summary>
    ReceiptBreakdown,

    /// <summary>事業完了報告書.</summary>
    CompletionReport,
}

/// <summary>When a rule set asks for a document.</summary>
public enum DocumentRequirement
{
    /// <summary>Every claim attaches it.</summary>
    Always,

    /// <summary>A claim may attach it; none is refused without it.</summary>
    Optional,

    /// <summary>Required when one of the rule's <see cref="SubsidyDocumentRule.Items"/> has a cost above 0, not asked otherwise.</summary>
    WhenCost,
}

public static class SubsidyNames
{
    public static string Japanese(this SubsidyItem item) => item switch
    {
        SubsidyItem.CardReader => "カードリーダー",
        SubsidyItem.Terminal => "資格確認端末",
        SubsidyItem.Network => "ネットワーク",
        SubsidyItem.SystemChange => "システム改修",
        SubsidyItem.Other => "その他",
        _ => item.ToString(),
    };

    public static string Japanese(this SubsidyDocument document) => document switch
    {
        SubsidyDocument.Receipt => "領収書（写）",
        SubsidyDocument.ReceiptBreakdown => "領収書内訳書（写）",
        SubsidyDocument.CompletionReport => "事業完了報告書",
        _ => document.ToString(),
    };

    /// <summary>The item's name in the request's language (for the computation's lines).</summary>
    public static string Shown(this SubsidyItem item) => Ui.Text(item.Japanese());

    /// <summary>The document's name in the request's language.</summary>
    public static string Shown(this SubsidyDocument document) => Ui.Text(document.Japanese());
}
