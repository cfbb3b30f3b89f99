namespace OnshiPortal.Features.Campaigns;

/// <summary>One file of an export and the letters in it, with its SHA-256 (lower-case hex, as <c>sha256sum</c> prints it).</summary>
public sealed record ExportedFile(string Name, int Letters, long Bytes, string Sha256);

/// <summary>
/// Where an export's files go: a folder the operator names on the command line (<see cref="FolderExportTarget"/>),
/// or the database's file store when the back office runs the export as a job (Jobs/StoredExportTarget.cs). Each
/// file is first written to a staged file on the local disk, then handed to the target; the files become the
/// export's together, at <see cref="PublishAsync"/>, or not at all.
/// </summary>
public interface IExportTarget : IAsyncDisposable
{
    /// <summary>Where the export is going, for the operator's messages.</summary>
    string Location { get; }

    /// <summary>
    /// Starts the export of the given plan (its letters and their order); returns the files an earlier attempt of
    /// the same plan already completed, which the export keeps instead of writing them again.
    /// </summary>
    Task<IReadOnlyDictionary<string, ExportedFile>> BeginAsync(string planHash, CancellationToken cancellationToken);

    /// <summary>Creates the staged file of a name, readable by its owner alone (the letters print passwords).</summary>
    FileStream Create(string name);

    /// <summary>The path of a staged file.</summary>
    string PathFor(string name);

    /// <summary>Takes a completed staged file. Called from several threads at once.</summary>
    Task AddAsync(ExportedFile file, CancellationToken cancellationToken);

    /// <summary>Makes the files the campaign's print files, with <paramref name="record"/> (the campaign's state, the audit) in the same step.</summary>
    Task PublishAsync(Func<Task> record, CancellationToken cancellationToken);
}

/// <summary>
/// A folder: every file written under a hidden temporary name in it and renamed when all are complete, so a crash or
/// a full disk leaves no file under a final name that is not whole (<see cref="StagedFiles"/>).
/// </summary>
public sealed class FolderExportTarget(string directory) : IExportTarget
{
    private readonly StagedFiles staging = new(directory);

    public string Location { get; } = Path.GetFullPath(directory);

    public Task<IReadOnlyDictionary<string, ExportedFile>> BeginAsync(string planHash, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        return Task.FromResult<IReadOnlyDictionary<string, ExportedFile>>(new Dictionary<string, ExportedFile>());
    }

    public FileStream Create(string name) => staging.Create(name);

    public string PathFor(string name) => staging.PathFor(name);

    public Task AddAsync(ExportedFile file, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PublishAsync(Func<Task> record, CancellationToken cancellationToken)
    {
        staging.Publish();
        await record();
    }

    public ValueTask DisposeAsync()
    {
        staging.Discard();
        return ValueTask.CompletedTask;
    }
}
