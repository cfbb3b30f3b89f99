using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings;

/// <summary>The files a check page's post chose for one place of the form (the deferral's documents, one named document).</summary>
/// <param name="Key">The form's field the errors go beside (ModelState key).</param>
/// <param name="Document">What the staged files are for (<see cref="StagedAttachment.Document"/>).</param>
/// <param name="Files">The uploads of this post (empty file inputs already left out).</param>
/// <param name="Kept">How many files of this place the draft already carries (they count against <paramref name="MaxFiles"/>).</param>
public sealed record UploadSlot(string Key, string Document, IReadOnlyList<IFormFile> Files, int Kept, int MaxFiles);

/// <summary>What a check page's uploads came to: the staged files by slot key, the refusals by slot key.</summary>
public sealed record UploadOutcome(IReadOnlyDictionary<string, List<StagedAttachment>> Staged, IReadOnlyList<(string Key, string Error)> Errors);

/// <summary>
/// A check page's uploads, the same for every form that takes documents (the deferral's, the engine's named
/// documents): the sealed draft's files still staged kept and the account's other staging dropped, then this post's
/// files checked together — how many, the entries first, the account's staging cap, its hourly allowance — and staged
/// one by one by <see cref="AttachmentStore"/> (content sniffing). Scoped, like the store.
/// </summary>
public sealed class AttachmentUploads(AttachmentStore store)
{
    public AttachmentStore Store => store;

    /// <summary>Files under the store's per-file limit, counted against this many per filing at most.</summary>
    public int MaxCount => store.MaxCount;

    /// <summary>
    /// What a draft carried that is still in the account's staging (a later check in another tab, or a day, may
    /// have removed it); everything else the account staged goes, so that one check page's files are all it keeps.
    /// Returns them and the bytes they take.
    /// </summary>
    public async Task<(List<StagedAttachment> Kept, long Bytes)> KeepAsync(string account, IEnumerable<StagedAttachment> carried, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(carried);
        var kept = new List<StagedAttachment>();
        foreach (var attachment in carried)
        {
            if (await store.ExistsAsync(account, attachment.FileId, cancellationToken))
            {
                kept.Add(attachment);
            }
        }

        var bytes = await store.ReplaceStagingAsync(account, kept.Select(a => a.FileId), cancellationToken);
        return (kept, bytes);
    }

    /// <summary>The uploads of a form field: the files the browser sent, an empty file input left out.</summary>
    public static List<IFormFile> Chosen(IEnumerable<IFormFile>? files) =>
        [.. (files ?? []).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))];

    /// <summary>
    /// Checks and stages a post's uploads. Nothing is stored when a slot has too many files, when the entries are
    /// wrong (<paramref name="entriesValid"/>: documents are stored only with a form that can be filed), when the
    /// account's staging would pass its cap, or when its hourly allowance is spent; otherwise each file is checked by
    /// its content and the refused ones are named.
    /// </summary>
    public async Task<UploadOutcome> StageAsync(string account, IReadOnlyList<UploadSlot> slots, bool entriesValid, long stagedBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var staged = slots.ToDictionary(s => s.Key, _ => new List<StagedAttachment>());
        var errors = new List<(string, string)>();
        var chosen = slots.Where(s => s.Files.Count > 0).ToList();
        if (chosen.Count == 0)
        {
            return new UploadOutcome(staged, errors);
        }

        foreach (var slot in chosen.Where(s => s.Kept + s.Files.Count > s.MaxFiles))
        {
            errors.Add((slot.Key, Ui.Text("添付できる書類は{0}件までです（{1}件選ばれています）。", slot.MaxFiles, slot.Kept + slot.Files.Count)));
        }

        var uploadBytes = chosen.Sum(s => s.Files.Sum(f => f.Length));
        if (errors.Count > 0)
        {
            // Nothing stored: the person chooses again.
        }
        else if (!entriesValid)
        {
            foreach (var slot in chosen)
            {
                errors.Add((slot.Key, "入力内容に誤りがあるため、書類は保存していません。誤りを直してから、書類をもう一度選んでください。"));
            }
        }
        else if (stagedBytes + uploadBytes > store.MaxStagedBytesPerAccount)
        {
            foreach (var slot in chosen)
            {
                errors.Add((slot.Key, Ui.Text("添付書類は合計{0}MBまでです。", store.MaxStagedBytesPerAccount / (1024 * 1024))));
            }
        }
        else if (!store.TryReserve(account, uploadBytes))
        {
            foreach (var slot in chosen)
            {
                errors.Add((slot.Key, "短時間に多くの書類が送信されたため、保存していません。しばらく（1時間程度）待ってから、もう一度お試しください。"));
            }
        }
        else
        {
            foreach (var slot in chosen)
            {
                foreach (var upload in slot.Files)
                {
                    var (attachment, error) = await store.StageAsync(upload, account, slot.Document, cancellationToken);
                    if (error is not null)
                    {
                        errors.Add((slot.Key, error));
                    }
                    else
                    {
                        staged[slot.Key].Add(attachment!);
                    }
                }
            }
        }

        return new UploadOutcome(staged, errors);
    }
}
