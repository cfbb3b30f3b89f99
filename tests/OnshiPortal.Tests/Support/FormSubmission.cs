using Microsoft.Playwright;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Submits a form and waits for the page it leads to. Chromium can drop a form's submission while another document's
/// embedded PDF viewer is starting (a CI run waited 15 s for a POST that never left the browser; a run on 2026-12-07
/// waited 30 s at the reviewer's login beside a clinic's page showing its documents): when no POST was sent at all,
/// the form is submitted again; once one was sent, its answer is awaited, never a second post.
/// </summary>
public static class FormSubmission
{
    /// <summary>Submits the button's form with the button as its submitter; <paramref name="answer"/> is a URL glob.</summary>
    public static Task SubmitAsync(this ILocator button, string answer) =>
        SubmitAsync(button, (page, timeout) => page.WaitForURLAsync(answer, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout }));

    /// <summary>Submits the button's form with the button as its submitter; <paramref name="arrived"/> tells the answer's URL.</summary>
    public static Task SubmitAsync(this ILocator button, Func<string, bool> arrived) =>
        SubmitAsync(button, (page, timeout) => page.WaitForURLAsync(arrived, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout }));

    private static async Task SubmitAsync(ILocator button, Func<IPage, float?, Task> answered)
    {
        var page = button.Page;
        var sent = false;
        void OnRequest(object? sender, IRequest request) => sent |= request.Method == "POST" && request.IsNavigationRequest;
        page.Request += OnRequest;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await button.EvaluateAsync("b => b.form.requestSubmit(b)");
                try
                {
                    await answered(page, 5_000);
                    break;
                }
                catch (TimeoutException) when (sent)
                {
                    await answered(page, null);
                    break;
                }
                catch (TimeoutException) when (attempt < 3)
                {
                }
            }
        }
        finally
        {
            page.Request -= OnRequest;
        }

        await page.UntilStyledAsync();
    }

    /// <summary>
    /// Fills the field and checks that it holds the value, filling it again if not. Playwright's fill focuses the field
    /// and then types into whatever has the focus, and an embedded PDF viewer that finishes loading takes it: in a CI
    /// run the reviewer's 差戻しの理由 went into the document's viewer and the form was posted without it.
    /// </summary>
    public static async Task FillSurelyAsync(this ILocator field, string value)
    {
        for (var attempt = 1; attempt <= 3 && !await FilledAsync(field, value); attempt++)
        {
            await Task.Delay(500); // the viewer's start is over in well under this on a busy machine
        }

        await Assertions.Expect(field).ToHaveValueAsync(value);
    }

    private static async Task<bool> FilledAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        return await field.InputValueAsync() == value;
    }
}
