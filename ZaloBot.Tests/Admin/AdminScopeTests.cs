using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Admin;
using ZaloBot.AdminAuth;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// The admin surface's one scope rule, route by route: every route the app maps under <c>/admin</c> or behind an admin
/// key or the console sign-in, and every handler of every console page, is called by five callers — nobody, a wrong
/// key, a province admin, the officer of Xã Lìa naming Lìa's own units and teams, and the same officer naming Xã
/// Hướng Lập's. A route the table does not list fails the test, so a new route cannot skip the rule.
/// </summary>
[NonParallelizable]
public sealed class AdminScopeTests
{
    private const string OfficerKey = ConsoleSeed.LiaOfficerKey;

    /// <summary>What nobody outside Hướng Lập (and the Sandbox's sample commune) may read: its units' and teams' names.</summary>
    private static readonly string[] OtherCommunes = ["Hướng Lập", "Cù Bai", "Tà Rùng", "Xa Bai", "Tân Lập"];

    private TestApp _app = null!;
    private ConsoleSeed.Seeded _seed = null!;
    private long _liaBroadcast;
    private long _hlBroadcast;
    private long _liaImport;
    private long _hlImport;
    private string _liaExport = "";
    private string _provinceExport = "";

    private enum Caller
    {
        Nobody,
        WrongKey,
        Province,
        OfficerInside,
        OfficerOutside,
    }

    /// <summary>Who may use a route: public (the sign-in page, the stylesheet), officers inside their commune, province admins only.</summary>
    private enum Access
    {
        Public,
        Officers,
        Province,
    }

    /// <summary>
    /// One request of the table. <see cref="Path"/> names Lìa's things; <see cref="Outside"/> the same request naming
    /// Hướng Lập's (null when the route names nothing: it lists, and the leak check reads what it lists).
    /// <see cref="Done"/> is what the route answers when it is allowed and does its work.
    /// </summary>
    private sealed record Probe(
        string Route, string Method, string Path, string? Outside, Access Access, Func<Caller, string?, HttpContent>? Body = null, Result Done = Result.Allowed)
    {
        public bool Console => ConsoleSignIn.IsConsolePath(new Microsoft.AspNetCore.Http.PathString(Path.Split('?')[0]));
    }

    [OneTimeSetUp]
    public async Task StartApp()
    {
        var settings = ConsoleSeed.KeySettings();
        // The wrong-key caller makes one wrong guess per route; the limit has its own tests.
        settings["Admin:GuessLimit"] = "1000";
        _app = new TestApp(TestApp.NewDatabasePath(), settings: settings);
        _seed = await ConsoleSeed.SeedAsync(_app.DatabasePath);
        using var province = ApiClient(_app, TeamChatDriver.AdminKey);
        foreach (var code in new[] { "T-LIA-B2", "T-LIA-B3" })
        {
            (await province.PostAsJsonAsync("/admin/api/units", new { code, level = "village", name = "Thôn mới " + code, parentCode = ConsoleSeed.Lia }))
                .EnsureSuccessStatusCode();
        }

        _liaBroadcast = await DraftAsync(province, ConsoleSeed.Lia);
        _hlBroadcast = await DraftAsync(province, ConsoleSeed.HuongLap);
        _liaImport = await ImportMadeForAsync(ConsoleSeed.Lia);
        _hlImport = await ImportMadeForAsync(ConsoleSeed.HuongLap);
        _liaExport = await ExportMadeByAsync(OfficerKey);
        _provinceExport = await ExportMadeByAsync(TeamChatDriver.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Every_admin_route_and_console_page_answers_each_caller_by_the_scope_rule()
    {
        var table = Table();
        Assert.That(table.Select(p => p.Route).Distinct().Order(), Is.EqualTo(MappedRoutes().Order()),
            "the table lists every admin route and console page the app maps, and nothing else");
        Assert.That(table.Where(p => p.Method == "POST" && p.Console).Select(p => p.Path.Replace($"/{_liaBroadcast}", "/{id}", StringComparison.Ordinal)).Distinct(),
            Is.EquivalentTo(PagePostHandlers()),
            "the table posts to every handler of every console page");

        using var clients = await Clients.StartAsync(_app);
        var failures = new List<string>();
        foreach (var probe in table)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                if (caller == Caller.WrongKey && probe.Console || caller == Caller.OfficerOutside && probe.Outside is null && probe.Access != Access.Province)
                {
                    continue;
                }

                var path = caller == Caller.OfficerOutside && probe.Outside is { } outside ? outside : probe.Path;
                var client = clients.For(caller, probe.Console);
                using var request = new HttpRequestMessage(new HttpMethod(probe.Method), path)
                {
                    Content = probe.Body?.Invoke(caller, probe.Console ? clients.Csrf(caller) : null),
                };
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var outcome = Outcome(response, probe.Console);
                var expected = Expected(probe, caller);
                if (outcome != expected)
                {
                    failures.Add($"{caller} {probe.Method} {path}: {outcome} ({(int)response.StatusCode} {response.Headers.Location}), expected {expected}");
                }

                if (caller is Caller.OfficerInside or Caller.OfficerOutside && OtherCommunes.FirstOrDefault(body.Contains) is { } leaked)
                {
                    failures.Add($"{caller} {probe.Method} {path}: the answer shows “{leaked}”, outside the officer's commune");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task An_officer_key_cannot_read_or_take_over_another_communes_teams_through_the_api()
    {
        using var officer = ApiClient(_app, OfficerKey);
        using var chat = _app.CreateClient();
        var hlTeam = _seed.TeamIds["T-HL-CB"];

        using var members = await officer.GetAsync($"/admin/api/members?teamId={hlTeam}");
        using var teams = await officer.GetAsync("/admin/api/teams?unitCode=T-HL");
        var allMembers = await officer.GetFromJsonAsync<JsonElement>("/admin/api/members?limit=1000");
        var allTeams = await officer.GetFromJsonAsync<JsonElement>("/admin/api/teams");
        using var created = await officer.PostAsJsonAsync("/admin/api/teams", new { unitCode = ConsoleSeed.TeamlessVillage, leaderPhone = "0905123456" });
        using var moved = await officer.PostAsJsonAsync("/admin/api/units", new { code = "T-HL-CB", level = "village", name = "Bản Cù Bai", parentCode = ConsoleSeed.Lia });
        using var renamed = await officer.PostAsync("/admin/api/units/import",
            new StringContent("code,level,name,parent_code\nT-HL,commune,Xã Đổi Tên,T-QT\n", Encoding.UTF8, "text/csv"));

        Assert.That((members.StatusCode, teams.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That(allMembers.EnumerateArray().Select(m => m.GetProperty("teamId").GetInt64()).Distinct(),
            Is.SubsetOf(new[] { _seed.TeamIds["T-LIA"], _seed.TeamIds["T-LIA-AR"] }), "without a filter, only Lìa's members");
        Assert.That(allTeams.EnumerateArray().Select(t => t.GetProperty("unitCode").GetString()), Has.All.StartWith("T-LIA"));
        Assert.That((created.StatusCode, moved.StatusCode, renamed.StatusCode),
            Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await _app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = @Code", new { Code = ConsoleSeed.TeamlessVillage }),
            Is.Zero, "no team, so no bind code to take the village's help requests with #ketnoi");
        Assert.That(await _app.QueryScalarAsync<string>(
            "SELECT p.code || ' ' || u.name FROM admin_units u JOIN admin_units p ON p.id = u.parent_id WHERE u.code = 'T-HL-CB'"),
            Is.EqualTo("T-HL Bản Cù Bai"), "not moved");
        Assert.That(await _app.QueryScalarAsync<string>("SELECT name FROM admin_units WHERE code = 'T-HL'"), Is.EqualTo("Xã Hướng Lập"), "not renamed");
    }

    /// <summary>Every route the app maps that belongs to the admin surface: under /admin, or behind an admin key or the sign-in.</summary>
    private List<string> MappedRoutes() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => AdminScope.IsAdminEndpoint(e) || ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith(ConsoleSignIn.Prefix, StringComparison.Ordinal))
            .Select(RouteName)
            .Distinct()
            .ToList();

    /// <summary>"GET /admin/api/teams/", "PAGE /admin/units" (a Razor page, any method), "ANY /metrics".</summary>
    private static string RouteName(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        var page = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is not null;
        return (methods is not null ? string.Join(",", methods) : page ? "PAGE" : "ANY") + " /" + endpoint.RoutePattern.RawText!.TrimStart('/');
    }

    /// <summary>"/admin/units?handler=Import" for every OnPost… of every console page that needs a sign-in.</summary>
    private static List<string> PagePostHandlers() =>
        typeof(ConsoleExtensions).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => PagePath(t) + Handler(m.Name)))
            .Distinct()
            .ToList();

    private static string Handler(string method)
    {
        var name = method["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal);
        return name.Length == 0 ? "" : "?handler=" + name;
    }

    /// <summary>The page's own route (the {id} of a page that has one stands for Lìa's announcement, the only such page with handlers).</summary>
    private static string PagePath(Type page) => page.Name switch
    {
        "UnitsModel" => "/admin/units",
        "BroadcastsModel" => "/admin/broadcasts",
        "BroadcastModel" => "/admin/broadcasts/{id}",
        "DeadLettersModel" => "/admin/dead-letters",
        "SignOutModel" => "/admin/sign-out",
        "ImportsModel" => "/admin/imports",
        "ExportJobModel" => "/admin/exports/jobs",
        _ => "?" + page.Name,
    };

    private List<Probe> Table()
    {
        var liaTeam = _seed.TeamIds["T-LIA-AR"];
        var hlTeam = _seed.TeamIds["T-HL-CB"];
        var liaMember = _seed.MemberIds["T-LIA-AR"][1];
        var hlMember = _seed.MemberIds["T-HL-CB"][1];
        var lia = _liaBroadcast;
        var hl = _hlBroadcast;
        const string inFuture = "2099-01-01T08:00";

        static HttpContent Json(object body) => JsonContent.Create(body);
        static HttpContent Form(string? csrf, params (string Name, string Value)[] fields) =>
            new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__csrf", csrf ?? "")));
        static string Units(Caller caller) => caller == Caller.OfficerOutside ? ConsoleSeed.HuongLap : ConsoleSeed.Lia;
        static HttpContent CsvFile(string? csrf)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(csrf ?? ""), "__csrf" },
                { new ByteArrayContent("code,level,name,parent_code\nT-LIA-IMP2,village,Thôn Nhập Hai,T-LIA\n"u8.ToArray()), "file", "units.csv" },
            };
            return form;
        }

        string BroadcastPage(long id) => $"/admin/broadcasts/{id}";
        return
        [
            // The admin API.
            new("GET /admin/api/units/", "GET", "/admin/api/units?parentCode=T-LIA", "/admin/api/units?parentCode=T-HL", Access.Officers),
            new("POST /admin/api/units/", "POST", "/admin/api/units", null, Access.Province,
                (_, _) => Json(new { code = "T-LIA-NEW", level = "village", name = "Thôn Mới", parentCode = ConsoleSeed.Lia })),
            new("POST /admin/api/units/import", "POST", "/admin/api/units/import", null, Access.Province,
                (_, _) => new StringContent("code,level,name,parent_code\nT-LIA-IMP,village,Thôn Nhập,T-LIA\n", Encoding.UTF8, "text/csv")),
            new("GET /admin/api/teams/", "GET", "/admin/api/teams?unitCode=T-LIA", "/admin/api/teams?unitCode=T-HL", Access.Officers),
            new("POST /admin/api/teams/", "POST", "/admin/api/teams", "/admin/api/teams", Access.Officers, (caller, _) => Json(new
            {
                unitCode = caller switch { Caller.Province => ConsoleSeed.TeamlessVillage, Caller.OfficerOutside => "T-HL-XB", _ => "T-LIA-B2" },
                leaderPhone = "0905123456",
            })),
            new("GET /admin/api/teams/{id:long}", "GET", $"/admin/api/teams/{liaTeam}", $"/admin/api/teams/{hlTeam}", Access.Officers),
            new("GET /admin/api/members", "GET", $"/admin/api/members?teamId={liaTeam}", $"/admin/api/members?teamId={hlTeam}", Access.Officers),
            new("GET /admin/api/households", "GET", $"/admin/api/households?teamId={liaTeam}", "/admin/api/households?unitCode=T-HL", Access.Officers),
            new("GET /admin/api/households", "GET", "/admin/api/households?unitCode=T-LIA-AR&byVillage=true", "/admin/api/households?unitCode=T-HL-CB&byVillage=true", Access.Officers),
            new("GET /admin/api/assists", "GET", $"/admin/api/assists?memberId={liaMember}", $"/admin/api/assists?memberId={hlMember}", Access.Officers),
            // Rows for another commune are refused line by line inside the import, so the route itself names no unit.
            new("POST /admin/api/assists/import", "POST", "/admin/api/assists/import", null, Access.Officers, (_, _) => new StringContent(
                "unit_code,assisted_on,head_of_household,village,categories,member_phone,note\nT-LIA-AR,2026-10-01,Hồ Văn Cũ,A Rông,VNeID,,\n",
                Encoding.UTF8, "text/csv"), Result.Accepted),
            new("GET /admin/api/assists/imports/{id:long}", "GET", $"/admin/api/assists/imports/{_liaImport}", $"/admin/api/assists/imports/{_hlImport}",
                Access.Officers),
            new("POST /admin/api/broadcasts/preview", "POST", "/admin/api/broadcasts/preview", "/admin/api/broadcasts/preview", Access.Officers,
                (caller, _) => Json(new { audience = "groups", unitCodes = new[] { Units(caller) } })),
            new("POST /admin/api/broadcasts/", "POST", "/admin/api/broadcasts", "/admin/api/broadcasts", Access.Officers,
                (caller, _) => Json(new { title = "Họp tổ", text = "Nội dung", audience = "groups", unitCodes = new[] { Units(caller) } })),
            new("PUT /admin/api/broadcasts/{id:long}", "PUT", $"/admin/api/broadcasts/{lia}", $"/admin/api/broadcasts/{hl}", Access.Officers,
                (caller, _) => Json(new { title = "Họp tổ (sửa)", text = "Nội dung", audience = "groups", unitCodes = new[] { Units(caller) } })),
            new("GET /admin/api/broadcasts/", "GET", "/admin/api/broadcasts", null, Access.Officers),
            new("GET /admin/api/broadcasts/{id:long}", "GET", $"/admin/api/broadcasts/{lia}", $"/admin/api/broadcasts/{hl}", Access.Officers),
            new("GET /admin/api/broadcasts/{id:long}/recipients", "GET", $"/admin/api/broadcasts/{lia}/recipients", $"/admin/api/broadcasts/{hl}/recipients", Access.Officers),
            new("POST /admin/api/broadcasts/{id:long}/schedule", "POST", $"/admin/api/broadcasts/{lia}/schedule", $"/admin/api/broadcasts/{hl}/schedule",
                Access.Officers, (_, _) => Json(new { sendAt = inFuture })),
            new("POST /admin/api/broadcasts/{id:long}/send", "POST", $"/admin/api/broadcasts/{lia}/send", $"/admin/api/broadcasts/{hl}/send", Access.Officers),
            new("POST /admin/api/broadcasts/{id:long}/cancel", "POST", $"/admin/api/broadcasts/{lia}/cancel", $"/admin/api/broadcasts/{hl}/cancel", Access.Officers),

            // The console's exports.
            new("GET /admin/exports/households.{format}", "GET", "/admin/exports/households.csv?unit=T-LIA", "/admin/exports/households.csv?unit=T-HL", Access.Officers),
            new("GET /admin/exports/rosters.{format}", "GET", $"/admin/exports/rosters.csv?team={liaTeam}", $"/admin/exports/rosters.csv?team={hlTeam}", Access.Officers),
            new("GET /admin/exports/summary.{format}", "GET", $"/admin/exports/summary.xlsx?member={liaMember}", $"/admin/exports/summary.xlsx?member={hlMember}", Access.Officers),
            new("GET /admin/assets/console.css", "GET", "/admin/assets/console.css", null, Access.Public),
            new("GET /admin/assets/console.js", "GET", "/admin/assets/console.js", null, Access.Public),

            // What the operator's monitoring reads: how busy the OA is and how it fails, across communes.
            new("ANY /metrics", "GET", "/metrics", null, Access.Province),

            // The console's pages and their handlers.
            new("PAGE /admin/sign-in", "GET", "/admin/sign-in", null, Access.Public),
            new("PAGE /admin", "GET", "/admin?unit=T-LIA", "/admin?unit=T-HL", Access.Officers),
            new("PAGE /admin/units", "GET", "/admin/units?unit=T-LIA", "/admin/units?unit=T-HL", Access.Officers),
            new("PAGE /admin/units", "POST", "/admin/units?handler=CreateTeam", "/admin/units?handler=CreateTeam", Access.Officers,
                (caller, csrf) => Form(csrf, ("NewTeam.UnitCode", caller == Caller.OfficerOutside ? "T-HL-XB" : "T-LIA-B3"), ("NewTeam.LeaderPhone", "0905123457"))),
            new("PAGE /admin/units", "POST", "/admin/units?handler=Import", null, Access.Province, (_, csrf) => CsvFile(csrf)),
            new("PAGE /admin/teams/{id:long}", "GET", $"/admin/teams/{liaTeam}", $"/admin/teams/{hlTeam}", Access.Officers),
            new("PAGE /admin/households", "GET", $"/admin/households?team={liaTeam}", $"/admin/households?team={hlTeam}", Access.Officers),
            // The households living in a village, whichever team helped them.
            new("PAGE /admin/households", "GET", "/admin/households?unit=T-LIA-AR&by=village", "/admin/households?unit=T-HL-CB&by=village", Access.Officers),
            new("PAGE /admin/help-requests", "GET", "/admin/help-requests?status=all&unit=T-LIA", "/admin/help-requests?status=all&unit=T-HL", Access.Officers),
            // YC-0003 is Lìa's, YC-0001 Hướng Lập's.
            new("PAGE /admin/help-requests/{code}", "GET", "/admin/help-requests/YC-0003", "/admin/help-requests/YC-0001", Access.Officers),
            new("PAGE /admin/imports", "GET", "/admin/imports", null, Access.Officers),
            new("PAGE /admin/imports", "POST", "/admin/imports", null, Access.Officers, (_, csrf) => new MultipartFormDataContent
            {
                { new StringContent(csrf ?? ""), "__csrf" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes("unit_code,assisted_on,head_of_household,village,categories,member_phone,note\nT-LIA-AR,2026-10-02,Hồ Văn Cũ,A Rông,VNeID,,\n")), "file", "bao-cao.csv" },
            }),
            new("PAGE /admin/imports/{id:long}", "GET", $"/admin/imports/{_liaImport}", $"/admin/imports/{_hlImport}", Access.Officers),
            // A background export: started with the households page's filter; an officer's is seen in their commune, a province admin's by province admins.
            new("PAGE /admin/exports/jobs/{id?}", "POST", "/admin/exports/jobs", "/admin/exports/jobs?unit=T-HL", Access.Officers,
                (_, csrf) => Form(csrf, ("format", "csv"))),
            new("PAGE /admin/exports/jobs/{id?}", "GET", _liaExport, _provinceExport, Access.Officers),
            new("PAGE /admin/exports/jobs/{id?}", "GET", _liaExport + "?handler=File", _provinceExport + "?handler=File", Access.Officers),
            new("PAGE /admin/broadcasts", "GET", "/admin/broadcasts", null, Access.Officers),
            new("PAGE /admin/broadcasts", "POST", "/admin/broadcasts?handler=Preview", "/admin/broadcasts?handler=Preview", Access.Officers,
                (caller, csrf) => Form(csrf, ("Draft.Audience", "groups"), ("Draft.UnitCodes", Units(caller)))),
            new("PAGE /admin/broadcasts", "POST", "/admin/broadcasts?handler=Create", "/admin/broadcasts?handler=Create", Access.Officers,
                (caller, csrf) => Form(csrf, ("Draft.Title", "Họp tổ"), ("Draft.Text", "Nội dung"), ("Draft.Audience", "groups"), ("Draft.UnitCodes", Units(caller)))),
            new("PAGE /admin/broadcasts/{id:long}", "GET", BroadcastPage(lia), BroadcastPage(hl), Access.Officers),
            new("PAGE /admin/broadcasts/{id:long}", "POST", BroadcastPage(lia) + "?handler=Preview", BroadcastPage(hl) + "?handler=Preview", Access.Officers,
                (caller, csrf) => Form(csrf, ("Draft.Audience", "groups"), ("Draft.UnitCodes", Units(caller)))),
            new("PAGE /admin/broadcasts/{id:long}", "POST", BroadcastPage(lia) + "?handler=Edit", BroadcastPage(hl) + "?handler=Edit", Access.Officers,
                (caller, csrf) => Form(csrf, ("Draft.Title", "Họp tổ (sửa)"), ("Draft.Text", "Nội dung"), ("Draft.Audience", "groups"), ("Draft.UnitCodes", Units(caller)))),
            new("PAGE /admin/broadcasts/{id:long}", "POST", BroadcastPage(lia) + "?handler=Schedule", BroadcastPage(hl) + "?handler=Schedule", Access.Officers,
                (_, csrf) => Form(csrf, ("sendDate", "01/01/2099"), ("sendTime", "08:00"))),
            new("PAGE /admin/broadcasts/{id:long}", "POST", BroadcastPage(lia) + "?handler=Send", BroadcastPage(hl) + "?handler=Send", Access.Officers,
                (_, csrf) => Form(csrf, ("confirmed", "true"))),
            new("PAGE /admin/broadcasts/{id:long}", "POST", BroadcastPage(lia) + "?handler=Cancel", BroadcastPage(hl) + "?handler=Cancel", Access.Officers,
                (_, csrf) => Form(csrf, ("confirmed", "true"))),
            new("PAGE /admin/dead-letters", "GET", "/admin/dead-letters", null, Access.Province),
            new("PAGE /admin/dead-letters", "POST", "/admin/dead-letters?handler=ReplayEvent", null, Access.Province, (_, csrf) => Form(csrf, ("id", "1"))),
            new("PAGE /admin/dead-letters", "POST", "/admin/dead-letters?handler=ReplayAllEvents", null, Access.Province, (_, csrf) => Form(csrf)),
            new("PAGE /admin/dead-letters", "POST", "/admin/dead-letters?handler=RetryMessage", null, Access.Province, (_, csrf) => Form(csrf, ("id", "1"))),
            new("PAGE /admin/dead-letters", "POST", "/admin/dead-letters?handler=RetryAllMessages", null, Access.Province, (_, csrf) => Form(csrf)),
            // The guides are the same for every commune and name nobody: any signed-in official reads them.
            new("PAGE /admin/guides/{id?}", "GET", "/admin/guides/vneid", null, Access.Officers),
            new("PAGE /admin/denied", "GET", "/admin/denied", null, Access.Officers),
            // What the console shows instead of an error: open to all, it says only that something was not found.
            new("PAGE /admin/problem/{status:int}", "GET", "/admin/problem/404", null, Access.Public, Done: Result.NotFound),
            new("PAGE /admin/sign-out", "GET", "/admin/sign-out", null, Access.Officers),
            // Last: it ends the callers' sessions.
            new("PAGE /admin/sign-out", "POST", "/admin/sign-out", null, Access.Officers, (_, csrf) => Form(csrf), Result.SignIn),
        ];
    }

    private enum Result
    {
        Allowed,
        Accepted,
        SignIn,
        Unauthorized,
        NotFound,
        Forbidden,
        Other,
    }

    private static Result Expected(Probe probe, Caller caller) => (probe.Access, caller) switch
    {
        (Access.Public, _) => probe.Done,
        (_, Caller.Nobody) => probe.Console ? Result.SignIn : Result.Unauthorized,
        (_, Caller.WrongKey) => Result.Unauthorized,
        (_, Caller.Province) => probe.Done,
        (Access.Province, _) => Result.Forbidden,
        (_, Caller.OfficerInside) => probe.Done,
        _ => probe.Method == "GET" ? Result.NotFound : Result.Forbidden,
    };

    /// <summary>
    /// What the answer amounts to. Allowed means the handler ran and did the thing, or said why not for a reason of
    /// its own (409: the announcement was already sent by the caller before).
    /// </summary>
    private static Result Outcome(HttpResponseMessage response, bool console)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Redirect when location.Contains("/admin/sign-in", StringComparison.Ordinal) => Result.SignIn,
            HttpStatusCode.Redirect when location.Contains("/admin/denied", StringComparison.Ordinal) => Result.Forbidden,
            HttpStatusCode.Unauthorized when !console => Result.Unauthorized,
            HttpStatusCode.Forbidden => Result.Forbidden,
            HttpStatusCode.NotFound => Result.NotFound,
            HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Redirect or HttpStatusCode.Conflict => Result.Allowed,
            HttpStatusCode.Accepted => Result.Accepted,
            _ => Result.Other,
        };
    }

    /// <summary>A finished import of past reports made by the officer of the given commune.</summary>
    private Task<long> ImportMadeForAsync(string unitCode) => _app.QueryScalarAsync<long>("""
        INSERT INTO assist_imports (file_name, format, status, owner_name, owner_unit_code, file_bytes, created_at)
        VALUES ('bao-cao-cu.csv', 'csv', 'done', 'Cán bộ', @UnitCode, 0, 0) RETURNING id
        """, new { UnitCode = unitCode });

    /// <summary>A finished background export started in the console with this key; returns its page.</summary>
    private async Task<string> ExportMadeByAsync(string key)
    {
        using var client = await ConsoleClient.SignInAsync(_app, key);
        using var started = await client.PostAsync("/admin/exports/jobs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["format"] = "csv",
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(client, "/admin/households"),
        }));
        var page = started.Headers.Location!.OriginalString;
        await Eventually.UntilAsync(async () => (await client.GetStringAsync(page)).Contains("data-status=\"done\"", StringComparison.Ordinal), "the export is written");
        return page;
    }

    private static async Task<long> DraftAsync(HttpClient province, string unitCode)
    {
        using var response = await province.PostAsJsonAsync("/admin/api/broadcasts",
            new { title = "Thông báo " + unitCode, text = "Nội dung", audience = "groups", unitCodes = new[] { unitCode } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static HttpClient ApiClient(TestApp app, string? key)
    {
        var client = ConsoleClient.Anonymous(app);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Each caller's API client and console client (signed in, with a form token).</summary>
    private sealed class Clients : IDisposable
    {
        private readonly Dictionary<(Caller, bool), HttpClient> _clients = [];
        private readonly Dictionary<Caller, string> _csrf = [];

        public static async Task<Clients> StartAsync(TestApp app)
        {
            var clients = new Clients();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                clients._clients[(caller, false)] = ApiClient(app, caller switch
                {
                    Caller.Nobody => null,
                    Caller.Province => TeamChatDriver.AdminKey,
                    Caller.WrongKey => "not-a-key-0123456789",
                    _ => OfficerKey,
                });
            }

            clients._clients[(Caller.Nobody, true)] = ConsoleClient.Anonymous(app);
            var province = await ConsoleClient.SignInAsync(app, TeamChatDriver.AdminKey);
            var officer = await ConsoleClient.SignInAsync(app, OfficerKey);
            clients._clients[(Caller.Province, true)] = province;
            clients._clients[(Caller.OfficerInside, true)] = officer;
            clients._clients[(Caller.OfficerOutside, true)] = officer;
            clients._csrf[Caller.Province] = await ConsoleClient.CsrfTokenAsync(province, "/admin/units");
            clients._csrf[Caller.OfficerInside] = clients._csrf[Caller.OfficerOutside] = await ConsoleClient.CsrfTokenAsync(officer, "/admin/units");
            return clients;
        }

        public HttpClient For(Caller caller, bool console) => _clients[(caller, console)];

        public string? Csrf(Caller caller) => _csrf.GetValueOrDefault(caller);

        public void Dispose()
        {
            foreach (var client in _clients.Values.Distinct())
            {
                client.Dispose();
            }
        }
    }
}
