/** Code positions in Razor text (src/engine/razor-code.ts): what is code, and what is markup, text or a comment. */
import { razorCodeHits } from '../src/engine/razor-code';

const HEAD = 'IdentityServer4';
/** The text right after each hit, to show which occurrence was taken. */
const hits = (text: string) => razorCodeHits(text, HEAD).map((i) => text.slice(Math.max(0, i - 6), i + HEAD.length));

describe('razorCodeHits', () => {
  it.each([
    ['a name in HTML text', '<p>@Model.Name</p> IdentityServer4.Models.Client'],
    ['markup inside @if', '@if (x) { <p>IdentityServer4.Models.Client</p> }'],
    ['an @: line', '@foreach (var c in Model.Clients) { @:IdentityServer4.Models.Client\n var q = 1; }'],
    ['an e-mail address', '<a href="mailto:x@IdentityServer4.Models.Client">m</a>'],
    ['comments and strings in code', '@{ /* IdentityServer4.Models */ var s = @"IdentityServer4.Models ""q"" "; var c = \'{\'; }'],
    ['an interpolated string', '@{ var s = $"{IdentityServer4.Models.Client.X}"; }'],
    ['a section body', '@section Scripts { <p>IdentityServer4.Models</p> }'],
    ['a block that never closes', '@{ var u = IdentityServer4.Models.Client; '],
    ['a Razor comment', '@* @typeof(IdentityServer4.Models.Client) *@'],
    ['an escaped @@', '<p>@@IdentityServer4.Models.Client</p>'],
    ['a directive line (handled apart)', '@inject IdentityServer4.Services.IProfileService Profile'],
  ])('skips %s', (_, text) => {
    expect(hits(text)).toEqual([]);
  });

  it.each([
    ['@typeof(...)', '<p>@typeof(IdentityServer4.Hosting.IdentityServerMiddleware).Name</p>', ['ypeof(IdentityServer4']],
    ['an implicit expression', '<p>@IdentityServer4.IdentityServerConstants.LocalApi.ScopeName.</p>', ['<p>@IdentityServer4']],
    ['a generic argument, past markup in the block', '@{ <input value="IdentityServer4.X"> var l = new List<IdentityServer4.Models.Client>(); <text>IdentityServer4</text> }', [' List<IdentityServer4']],
    ['a < comparison', '@code { void M() { var x = a<b ? IdentityServer4.A.B : c; } }', ['a<b ? IdentityServer4']],
    ['code after a render fragment', '@code { RenderFragment R => @<div><span>IdentityServer4.M</span></div>; string s = nameof(IdentityServer4.M.C); }', ['ameof(IdentityServer4']],
    ['an expression in markup inside a code block', '@foreach (var s in Model.Scopes) { <li title="IdentityServer4.X">@IdentityServer4.IdentityServerConstants.StandardScopes.OpenId</li> }', ['4.X">@IdentityServer4']],
    ['an expression on an @: line', '@{ @:Scope @IdentityServer4.IdentityServerConstants.LocalApi.ScopeName\n }', ['cope @IdentityServer4']],
    ['else if / else branches', '@if (a) { <p>x</p> } else if (IdentityServer4.M.C.Ok) { var y = 1; } else { var z = IdentityServer4.M.C.Z; }', ['e if (IdentityServer4', 'r z = IdentityServer4']],
    ['a value in a script', '<script>var a = "@IdentityServer4.Models.Client";</script>', ['a = "@IdentityServer4']],
  ])('finds %s', (_, text, expected) => {
    expect(hits(text)).toEqual(expected);
  });
});
