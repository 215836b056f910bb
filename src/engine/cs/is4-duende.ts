/**
 * Syntax helpers for the IdentityServer4 -> Duende rules (rules/4.1-5.0/): removing whole statements and using
 * directives, finding invocations of a method by name, and reading the assignments of an options lambda.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { lineStartOf } from '../../util/text';
import { dotted, isQualified, named, usingDirectives } from './syntax';
import { callsNamed } from './calls';

/** IdentityServerAuthenticationOptions members that mean the same on JwtBearerOptions, and their JwtBearer spelling. */
export const SAME_ON_JWT_BEARER: Readonly<Record<string, string>> = {
  Authority: 'Authority',
  ApiName: 'Audience',
  RequireHttpsMetadata: 'RequireHttpsMetadata',
  SaveToken: 'SaveToken',
  NameClaimType: 'TokenValidationParameters.NameClaimType',
  RoleClaimType: 'TokenValidationParameters.RoleClaimType',
};

/**
 * Options an `AddIdentityServerAuthentication(...)` call in this C# text sets that JwtBearer does not have (read
 * from the text: `x.Name =` inside the call's parentheses), or `['(options not written as a lambda)']` when the call
 * passes something else. Empty when every registration in the text maps cleanly.
 */
export function uncleanAccessTokenValidationOptions(source: string): string[] {
  const out: string[] = [];
  // Comments blanked (same length), so a commented-out option does not count.
  const text = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  for (const m of text.matchAll(/\bAddIdentityServerAuthentication\s*\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
    const args = text.slice(m.index + m[0].length, i - 1);
    if (args.trim() && !/=>/.test(args)) out.push('(options not written as a lambda)');
    for (const a of args.matchAll(/\.\s*(\w+)\s*=(?![=>])\s*([\w.]+)?/g)) {
      if (SAME_ON_JWT_BEARER[a[1]] || (a[1] === 'SupportedTokens' && /(^|\.)SupportedTokens\.Jwt$/.test(a[2] ?? ''))) continue;
      out.push(a[1]);
    }
  }
  return [...new Set(out)];
}

/** The span to delete for a node: its whole line(s) when it stands alone there, else the node and the blanks after it. */
export function removalSpan(text: string, start: number, end: number): [number, number] {
  const lineStart = lineStartOf(text, start);
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(end, lineEnd))) return [lineStart, lineEnd];
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  return [start, after];
}

/** Plain `using N;` directives of the file (any scope) whose target is `ns`. */
export function usingsOf(root: Node, ns: string): Node[] {
  return usingDirectives(root).filter((u) => {
    if (u.childForFieldName('name') || u.children.some((c) => c?.type === 'static')) return false;
    const target = named(u).find((c) => c.type === 'identifier' || isQualified(c));
    return !!target && dotted(target) === ns;
  });
}

/** Deletes every plain `using ns;` of the file. */
export function removeUsing(ctx: FileContext, ns: string): void {
  const root = ctx.tree?.rootNode;
  if (!root) return;
  for (const u of usingsOf(root, ns)) ctx.edit(...removalSpan(ctx.text, u.startIndex, u.endIndex), '');
}

export interface Invocation {
  call: Node;
  /** The member access `x.Name` (absent for a bare call `Name(...)`). */
  access?: Node;
  name: Node;
  args: Node[];
  argList: Node;
}

/** Invocations `x.name(...)` and `name(...)` (generic names too) of a method called `name` (see `callsNamed`). */
export function invocationsOf(root: Node, name: string | ((n: string) => boolean)): Invocation[] {
  return callsNamed(root, name).flatMap((c) => {
    const fn = c.call.childForFieldName('function');
    const argList = c.call.childForFieldName('arguments');
    return argList ? [{ call: c.call, access: fn?.type === 'member_access_expression' ? fn : undefined, name: c.name, args: c.args, argList }] : [];
  });
}

export interface OptionAssignment {
  statement: Node; // the expression statement, or the assignment itself for an expression-bodied lambda
  assignment: Node;
  member: Node; // the name node of `o.Member`
  value: Node;
}

/**
 * An options lambda `o => { o.A = x; o.B = y; }` (or `o => o.A = x`) read as its assignments to members of its
 * parameter. Undefined when the lambda is anything else: a typed or second parameter, other statements, nested
 * member paths, compound assignments.
 */
export function optionsLambda(lambda: Node | undefined): { param: string; assignments: OptionAssignment[]; body: Node } | undefined {
  if (lambda?.type !== 'lambda_expression') return undefined;
  const params = lambda.childForFieldName('parameters');
  let param: string | undefined;
  if (params?.type === 'implicit_parameter') param = params.text;
  else if (params?.type === 'parameter_list') {
    const ps = named(params).filter((p) => p.type === 'parameter');
    if (ps.length === 1 && !ps[0].childForFieldName('type')) param = ps[0].childForFieldName('name')?.text;
  }
  const body = lambda.childForFieldName('body');
  if (!param || !body) return undefined;
  const statements = body.type === 'block' ? named(body).filter((c) => c.type !== 'comment') : [body];
  const assignments: OptionAssignment[] = [];
  for (const s of statements) {
    const a = s.type === 'expression_statement' ? named(s)[0] : s.equals(body) ? s : undefined;
    if (a?.type !== 'assignment_expression' || a.childForFieldName('operator')?.text !== '=') return undefined;
    const left = a.childForFieldName('left');
    const value = a.childForFieldName('right');
    const target = left?.childForFieldName('expression');
    const member = left?.childForFieldName('name');
    if (left?.type !== 'member_access_expression' || target?.type !== 'identifier' || target.text !== param || member?.type !== 'identifier' || !value) return undefined;
    assignments.push({ statement: s, assignment: a, member, value });
  }
  return { param, assignments, body };
}
