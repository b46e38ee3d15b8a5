import MarkdownIt from 'markdown-it';
import { SEVERITIES, type CheckDefinition } from '../definition.js';
import { describeAccount, describeUnknownIds } from '../exceptions.js';
import type { ControlView, FrameworkView } from '../frameworks/view.js';
import type { CheckResult, CheckRunReport, CheckStatus, Finding } from '../results.js';
import type { RenderOptions } from './options.js';
import { TOOL_NAME, toolVersion } from './tool.js';

// Check files are written by people: raw HTML in their markdown is shown as text, never run.
const markdown = new MarkdownIt({ html: false, linkify: false });

const RESULT_STATUSES: readonly CheckStatus[] = ['FAIL', 'ERROR', 'WAIVED', 'PASS'];

/**
 * One self-contained HTML page: styles inline, no script, no font, image or
 * anything else to fetch (its Content-Security-Policy forbids every load).
 * A summary by severity and by framework control, what could not be
 * checked, then every check that failed with its findings and remediation.
 * Every value is escaped; remediation markdown is rendered without raw HTML.
 */
export function renderHtml(report: CheckRunReport, options: RenderOptions = {}): string {
  const s = report.summary;
  const checks = new Map(report.checks.map((check) => [check.id, check]));
  const body = [
    `<header><h1>${TOOL_NAME} report</h1><p>As of <time datetime="${e(s.now)}">${e(s.now)}</time> &middot; ${count(s.checks, 'check')} on ${count(s.connectors, 'account')} &middot; ${TOOL_NAME} ${e(toolVersion())}</p></header>`,
    summarySection(report),
    ...(options.frameworks ?? []).map(frameworkSection),
    errorSection(report.results),
    findingsSection(report.results, checks),
    exceptionsSection(report),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${TOOL_NAME} ${e(toolVersion())}">
<title>${TOOL_NAME} report, ${e(s.now)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.filter(Boolean).join('\n')}
</body>
</html>
`;
}

function summarySection(report: CheckRunReport): string {
  const s = report.summary;
  const tiles = [
    tile('FAIL', s.fail, 'failed'),
    tile('ERROR', s.error, 'could not be checked'),
    tile('WAIVED', s.waived, 'waived'),
    tile('PASS', s.pass, 'passed'),
  ].join('');
  const rows = SEVERITIES.map((severity) => {
    const results = report.results.filter((r) => r.severity === severity);
    if (results.length === 0) return '';
    const cells = RESULT_STATUSES.map((status) => `<td class="num">${results.filter((r) => r.status === status).length}</td>`).join('');
    return `<tr><th scope="row"><span class="sev sev-${severity}">${severity}</span></th>${cells}</tr>`;
  }).join('');
  return `<section id="summary"><h2>Summary</h2>
<p class="tiles">${tiles}</p>
<p>${count(s.results, 'result')} (each check on each account); ${count(s.findings, 'finding')} not waived.</p>
<table class="by-severity"><caption>Results by severity</caption><thead><tr><th scope="col">Severity</th>${RESULT_STATUSES.map((st) => `<th scope="col">${st}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function tile(status: CheckStatus, value: number, label: string): string {
  return `<span class="tile status-${status}"><strong>${value}</strong> ${label}</span>`;
}

function frameworkSection(view: FrameworkView): string {
  const counts = Object.entries(view.summary).filter(([, n]) => n > 0).map(([status, n]) => `<span class="badge status-${status}">${n} ${status.replace('_', ' ')}</span>`).join(' ');
  const rows = view.controls.map(controlRow).join('\n');
  return `<section class="framework" id="framework-${e(view.id)}"><h2>${e(view.title)}</h2>
<p>${view.controls.length} controls: ${counts}</p>
<table class="controls"><thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Checks and accounts</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

function controlRow(control: ControlView): string {
  const checks = control.checks.map((c) => {
    const byStatus = RESULT_STATUSES.map((status) => {
      const accounts = c.results.filter((r) => r.status === status).map((r) => e(r.connector));
      return accounts.length ? `${status} ${accounts.join(', ')}` : '';
    }).filter(Boolean);
    return `<div><code>${e(c.check)}</code>${byStatus.length ? `: ${byStatus.join('; ')}` : ': not run'}</div>`;
  });
  const note = control.assessment === 'manual' ? '<div class="note">manual: a person assesses this control</div>' : control.checks.length === 0 ? '<div class="note">no check of this run decides it</div>' : '';
  return `<tr><td><code>${e(control.id)}</code></td><td>${e(control.title)}</td><td><span class="badge status-${control.status}">${control.status.replace('_', ' ')}</span></td><td>${checks.join('')}${note}</td></tr>`;
}

function errorSection(results: readonly CheckResult[]): string {
  const errors = results.filter((r) => r.status === 'ERROR');
  if (errors.length === 0) return '';
  const rows = errors.map((r) => `<tr><td><code>${e(r.check)}</code></td><td>${account(r)}</td><td><code>${e(r.errorCode ?? '')}</code></td><td>${e(r.error ?? '')}</td></tr>`).join('\n');
  return `<section id="errors"><h2>Could not be checked</h2>
<p>These checks have no verdict on these accounts: their data could not be read. They are not passes.</p>
<table><thead><tr><th scope="col">Check</th><th scope="col">Account</th><th scope="col">Code</th><th scope="col">Error</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

function findingsSection(results: readonly CheckResult[], checks: ReadonlyMap<string, CheckDefinition>): string {
  const failing = [...new Set(results.filter((r) => r.status === 'FAIL' || r.status === 'WAIVED').map((r) => r.check))];
  const order = (id: string) => SEVERITIES.indexOf(results.find((r) => r.check === id)!.severity);
  failing.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  if (failing.length === 0) return '<section id="findings"><h2>Findings</h2><p>No check failed.</p></section>';
  const articles = failing.map((id) => checkArticle(id, results.filter((r) => r.check === id && (r.status === 'FAIL' || r.status === 'WAIVED')), checks.get(id)));
  return `<section id="findings"><h2>Findings</h2>\n${articles.join('\n')}\n</section>`;
}

function checkArticle(id: string, results: readonly CheckResult[], check: CheckDefinition | undefined): string {
  const first = results[0];
  const rows = results.flatMap((r) => r.findings.map((f) => findingRow(r, f))).join('\n');
  const compliance = Object.entries(first.compliance).flatMap(([framework, controls]) => controls.map((c) => `<span class="tag">${e(framework)} ${e(c)}</span>`)).join(' ');
  const references = check?.references.length ? `<ul class="references">${check.references.map((ref) => `<li>${isHttpUrl(ref) ? `<a href="${e(ref)}" rel="noreferrer">${e(ref)}</a>` : e(ref)}</li>`).join('')}</ul>` : '';
  return `<article class="check" id="check-${e(id)}">
<h3><span class="sev sev-${first.severity}">${first.severity}</span> ${e(first.title)} <code>${e(id)}</code></h3>
${check?.description ? `<p>${e(check.description.trim())}</p>` : ''}
${compliance ? `<p>${compliance}</p>` : ''}
<table class="findings"><thead><tr><th scope="col">Account</th><th scope="col">Resource</th><th scope="col">Status</th></tr></thead><tbody>
${rows}
</tbody></table>
${check?.remediation ? `<div class="remediation"><h4>Remediation</h4>${markdown.render(check.remediation)}</div>` : ''}
${references}
</article>`;
}

function findingRow(result: CheckResult, finding: Finding): string {
  const x = finding.exception;
  const status = x?.state === 'active'
    ? `<span class="badge status-WAIVED">WAIVED</span> until ${e(x.expires)} by ${e(x.owner)}: ${e(x.reason)}`
    : `<span class="badge status-FAIL">FAIL</span>${x ? ` exception ${e(x.source)} (owner ${e(x.owner)}) expired ${e(x.expires)}` : ''}`;
  const name = finding.name && finding.name !== finding.resource ? ` <span class="name">${e(finding.name)}</span>` : '';
  return `<tr><td>${account(result)}</td><td><code>${e(finding.resource)}</code>${name}</td><td>${status}</td></tr>`;
}

function exceptionsSection(report: CheckRunReport): string {
  const { staleExceptions, unknownExceptions } = report.summary;
  if (staleExceptions.length === 0 && unknownExceptions.length === 0) return '';
  const stale = staleExceptions.map((x) => `<li>stale: <code>${e(x.source)}</code> ${e(x.check)} on ${e(describeAccount(x.account !== undefined ? x : { connector: x.connector }))} (owner ${e(x.owner)}) matches no finding${x.expired ? `; it expired ${e(x.expires)}` : ''}</li>`);
  const unknown = unknownExceptions.map((x) => `<li>unknown: <code>${e(x.source)}</code> (owner ${e(x.owner)}) ${e(describeUnknownIds(x))}; it waives nothing</li>`);
  return `<section id="exceptions"><h2>Exceptions to review</h2><ul>${[...stale, ...unknown].join('')}</ul></section>`;
}

function account(result: CheckResult): string {
  return `${e(result.connector)}${result.accountId && result.accountId !== result.connector ? ` <span class="account">${e(result.accountId)}</span>` : ''}`;
}

function isHttpUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Text into HTML content or a quoted attribute (five characters: a template engine would be a dependency for this alone). */
function e(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light; --fail: #b42318; --error: #7a2e98; --waived: #9a6700; --pass: #1a7f37; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #1f2328; }
h1 { margin: 0 0 4px; font-size: 24px; } h2 { margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; } h3 { margin-bottom: 8px; }
header p, .note, .account, .name { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; } thead th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } table.by-severity { width: auto; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; } .tile { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 16px; border-left-width: 6px; }
.tile strong { font-size: 20px; display: block; }
.badge, .sev, .tag { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.status-FAIL { color: var(--fail); border-color: var(--fail); } .status-ERROR { color: var(--error); border-color: var(--error); }
.status-WAIVED { color: var(--waived); border-color: var(--waived); } .status-PASS { color: var(--pass); border-color: var(--pass); }
.status-MANUAL, .status-NOT_COVERED { color: var(--muted); }
.sev-critical { color: #fff; background: #8c1c13; border-color: #8c1c13; } .sev-high { color: #fff; background: #bc4c00; border-color: #bc4c00; }
.sev-medium { color: #1f2328; background: #f1c40f; border-color: #d4a72c; } .sev-low { color: #1f2328; background: #ddf4ff; border-color: #54aeff; }
.sev-info { color: #1f2328; background: #f6f8fa; border-color: #d0d7de; } .tag { color: var(--muted); font-weight: 400; }
article.check { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 16px; margin: 16px 0; }
.remediation { background: #f6f8fa; border-radius: 6px; padding: 4px 16px; } .remediation h4 { margin: 8px 0 0; }
`;
