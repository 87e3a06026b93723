using System.Net;
using System.Text.RegularExpressions;

namespace Inventory.Tests.TestSupport;

/// <summary>Server-rendered forms posted as a browser posts them, and what the page then says.</summary>
public static partial class PageForms
{
    /// <summary>Fills and posts a server-rendered form as a browser does: with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(path);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value;
        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The sign-in page's form, posted.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password) =>
        PostAsync(browser, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>The text of the page's account message (error or notice), or null when it shows none.</summary>
    public static string? Message(string html) =>
        AccountMessage().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<p class=\"account-message [^\"]*\"[^>]*>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex AccountMessage();
}
