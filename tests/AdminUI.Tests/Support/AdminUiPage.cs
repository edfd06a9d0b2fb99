using System.Text.Json;

namespace SocketIO.AdminUI.Tests.Support;

/// <summary>
/// The Admin UI in a Chromium tab, driven as a user would: its login form, its pages (hash routes) and buttons.
/// Waits read the page (or the UI's Vuex store, for what the page shows only after a click) with a deadline.
/// </summary>
public sealed class AdminUiPage(Chromium.Page page, string screenshots)
{
    /// <summary>The UI's Vuex store (Vue 2 keeps the root instance on its element).</summary>
    private const string Store = "document.querySelector('.v-application').__vue__.$store";

    public Chromium.Page Page { get; } = page;

    /// <summary>Fills the connection form (server URL, user, password) and submits it.</summary>
    public async Task LoginAsync(string serverUrl, string username, string password)
    {
        await WaitUntilAsync("!!document.querySelector('.v-dialog--active form input')", "the login form is shown");
        await Page.EvaluateAsync($$"""
            (() => {
              const form = document.querySelector('.v-dialog--active form');
              const [url, user, pass] = form.querySelectorAll('input');
              for (const [input, value] of [[url, {{Js(serverUrl)}}], [user, {{Js(username)}}], [pass, {{Js(password)}}]]) {
                input.value = value;
                input.dispatchEvent(new Event('input', { bubbles: true }));
              }
              return true;
            })()
            """);
        await WaitUntilAsync("!document.querySelector('.v-dialog--active form button[type=submit]').disabled", "the connect button is enabled");
        await Page.EvaluateAsync("document.querySelector('.v-dialog--active form button[type=submit]').click(), true");
    }

    /// <summary>Shows a page of the UI, e.g. <c>/sockets/</c>.</summary>
    public async Task GoAsync(string route)
    {
        await Page.EvaluateAsync($"location.hash = {Js("#" + route)}, true");
        await WaitUntilAsync($"location.hash === {Js("#" + route)}", $"the UI shows {route}");
    }

    /// <summary>What the page shows as text.</summary>
    public async Task<string> TextAsync() => (await Page.EvaluateAsync("document.body.innerText")).GetString() ?? "";

    /// <summary>Waits until the page shows every one of <paramref name="texts"/>.</summary>
    public Task WaitForTextAsync(params string[] texts) =>
        WaitUntilAsync($"(() => {{ const t = document.body.innerText; return {Js(texts)}.every(x => t.includes(x)); }})()", $"the page shows {string.Join(", ", texts)}");

    /// <summary>Evaluates <paramref name="expression"/> over the UI's store (<c>store</c> in the expression).</summary>
    public Task<JsonElement> StoreAsync(string expression) => Page.EvaluateAsync($"(store => {expression})({Store})");

    public Task WaitUntilStoreAsync(string condition, string what) => WaitUntilAsync($"(store => {condition})({Store})", what);

    public async Task WaitUntilAsync(string condition, string what)
    {
        var done = false;
        try
        {
            await Poll.UntilAsync(async () => (await Page.EvaluateAsync($"(() => {{ try {{ return !!({condition}); }} catch {{ return false; }} }})()")).GetBoolean(), Repo.Wait, what, TimeSpan.FromMilliseconds(100));
            done = true;
        }
        finally
        {
            if (!done)
                await Page.ScreenshotAsync(Path.Combine(screenshots, "failure.png"));
        }
    }

    public Task ClickAsync(string selectorExpression, string what) =>
        Page.EvaluateAsync($"(() => {{ const e = {selectorExpression}; if (!e) throw new Error({Js("not found: " + what)}); e.click(); return true; }})()");

    /// <summary>Saves what the page shows, once its transitions are over, as <c>name.png</c> in the screenshots folder.</summary>
    public Task ScreenshotAsync(string name) => Page.ScreenshotWhenStillAsync(Path.Combine(screenshots, name + ".png"));

    public static string Js(object value) => JsonSerializer.Serialize(value);
}
