namespace OnshiPortal.Features.News;

/// <summary>A notice as written on the form and checked: what the check page shows and the confirm saves.</summary>
public sealed record NoticeEntries(string Title, int CategoryId, string Body, DateTimeOffset PublishAt, List<NoticeFileEntry> Files);
