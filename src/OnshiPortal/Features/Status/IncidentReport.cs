using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OnshiPortal.Features.Status;

/// <summary>The checks of what an operator writes on an incident: present, and not longer than its column.</summary>
public static class IncidentReport
{
    public static void Check(ModelStateDictionary state, string key, string? value, int max, string label)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrWhiteSpace(value))
        {
            state.AddModelError(key, Infrastructure.Localization.Ui.Text("{0}を入力してください。", Infrastructure.Localization.Ui.Text(label)));
        }
        else if (value.Trim().Length > max)
        {
            state.AddModelError(key, Infrastructure.Localization.Ui.Text("{0}は{1}文字以内で入力してください。", Infrastructure.Localization.Ui.Text(label), max));
        }
    }
}
