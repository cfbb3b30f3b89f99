using System.Diagnostics;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Bench;

/// <summary>Renders generated institutions' letters (both kinds) into one PDF and reports the rate.</summary>
internal static class LetterBench
{
    public static int Run(int count, string output)
    {
        var letters = Letters(count);
        using var sampler = Environment.GetEnvironmentVariable("ONSHI_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var pauses = GC.GetTotalPauseDuration();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        using (var file = File.Create(output))
        {
            new LetterRenderer().Render(letters, file);
        }

        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var size = new FileInfo(output).Length;
        Console.WriteLine($"{count} letters ({count * 2} pages) in {watch.Elapsed.TotalSeconds:F2} s: {count / watch.Elapsed.TotalSeconds:F0} letters/s (CPU {cpu.TotalSeconds:F2} s: {count / cpu.TotalSeconds:F0} letters per CPU-second), {size / 1024.0 / 1024.0:F1} MB, peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");

        // What the garbage collector was given: allocations per letter, collections by generation, time paused.
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine($"allocated {allocated / count / 1024.0:F1} KB a letter; collections gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}; GC pauses {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:F2} s");
        sampler?.Report();
        return 0;
    }

    /// <summary>The same letters as one mail-merged HTML document, for LibreOffice to convert (the peer).</summary>
    public static int WriteMailMerge(int count, string output)
    {
        MailMergeDocument.Write(Letters(count), output);
        return 0;
    }

    private static List<Letter> Letters(int count) =>
        InstitutionGenerator.Generate(count, seed: 5).Select((r, i) => new Letter
        {
            PostalCode = r.PostalCode,
            Address = r.Address,
            InstitutionName = r.Name,
            InstitutionCode = r.Code.Value,
            LetterDate = new DateOnly(2023, 2, 3),
            Deadline = new DateOnly(2023, 3, 31),
            CutoffDate = new DateOnly(2023, 1, 15),
            Kind = i % 4 == 3 ? LetterKind.NewOrSuccession : LetterKind.Unregistered,
            Sentences = LetterSentences.Seed,
            CallCentre = new CallCentreContact(),
            LoginId = i % 4 == 3 ? null : r.Code.Value + "@01",
            TemporaryPassword = i % 4 == 3 ? null : PasswordGenerator.Generate(12),
            PortalLoginUrl = "https://portal.example/login?id=" + Uri.EscapeDataString(r.Code.Value + "@01"),
        }).ToList();
}
