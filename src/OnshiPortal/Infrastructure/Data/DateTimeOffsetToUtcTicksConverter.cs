using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks so that SQLite sorts and compares it correctly.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
