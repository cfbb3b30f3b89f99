using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Procedures.Reminders;

/// <summary>
/// What a procedure with a deadline tells the reminders (<see cref="Procedure.Reminder"/>): its last day, the days
/// before it that institutions are reminded (configuration), who still has to file (a query over the master, so
/// that 100,000 institutions are a walk by code, not a loop over objects), and why they are reminded, in one
/// sentence (a Japanese key with its English in Ui.en.resx).
/// </summary>
/// <param name="OpensOn">The first day it may be filed, if any: nobody is reminded of what cannot be filed yet.</param>
public sealed record DeadlineReminder(
    DateOnly Deadline,
    IReadOnlyList<int> DaysBefore,
    Func<PortalDbContext, IQueryable<Institution>> StillToFile,
    string Why,
    DateOnly? OpensOn = null)
{
    /// <summary>The occasion due on <paramref name="today"/>: the fewest days before the deadline that today has reached, or null.</summary>
    public int? DueDaysBefore(DateOnly today)
    {
        if (today > Deadline || (OpensOn is { } opens && today < opens))
        {
            return null;
        }

        var due = DaysBefore.Where(days => days >= 0 && today >= Deadline.AddDays(-days)).ToList();
        return due.Count == 0 ? null : due.Min();
    }
}
