// The VS Code compare view's HTML (client/compare/diff-html.ts, no `vscode` needed):
// the preview's CSP, a constant nonce'd script, every value from the rules and the
// events escaped, and the tables the end-to-end tests read back.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareHtml, diffBody, messageBody } from '../../client/compare/diff-html';
import { diffTexts } from './diff-support';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'diff');
const read = (name: string, file: string) => fs.readFileSync(path.join(FIXTURES, name, file), 'utf8');
const options = { cspSource: 'https://webview.example', nonce: 'N0nce+/=', styleUri: 'https://webview.example/dist/webview.css' };

describe('compare view HTML', () => {
  it('has the preview’s Content-Security-Policy and one script, carrying the nonce', () => {
    const html = compareHtml(messageBody('t', 'm'), options);
    expect(html).toContain(
      `content="default-src &#39;none&#39;; style-src https://webview.example; script-src &#39;nonce-N0nce+/=&#39;; img-src https://webview.example data:; font-src https://webview.example"`,
    );
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="N0nce+/=">');
    expect(html).toContain('<link rel="stylesheet" href="https://webview.example/dist/webview.css">');
  });

  it('shows the summary, the moves with examples and rule links, the rule changes and the sample matrix', async () => {
    const diff = await diffTexts(read('changed-rule', 'base.channels'), read('changed-rule', 'head.channels'), {
      sample: { text: '{"user_id":"u","time":1,"utm_medium":"e-mail"}\n', format: 'ndjson' },
    });
    const body = diffBody(diff, { file: 'rules/site.channels', ref: 'main', events: 'events.ndjson' });
    expect(body).toContain('<p id="summary"><strong>1 rule changed · 2 moves · 1 of 1 sample event change channel</strong></p>');
    expect(body).toContain('<table class="report-table" id="moves-table">');
    expect(body).toMatch(/<tr><td>Other<\/td><td>Email<\/td><td class="value">\{utm_medium: &quot;e-mail&quot;\}<\/td><td><code>otherwise<\/code><\/td><td><button class="link" type="button" data-version="head" data-line="2"[^>]*>new line 2<\/button><\/td><td class="num">1<\/td><\/tr>/);
    expect(body).toContain('<table class="report-table" id="rules-table">');
    expect(body).toContain('<table class="report-table" id="matrix-table">');
  });

  it('names a sample example by its zip entry and line, as the CLI does', async () => {
    const diff = await diffTexts(read('changed-rule', 'base.channels'), read('changed-rule', 'head.channels'), {
      sample: { text: '{"user_id":"u","time":1,"utm_medium":"e-mail"}\n', format: 'ndjson' },
    });
    // An example taken from the sample (when the analysis leaves a move open), as the engine writes one.
    const example = diff.moves[0]!.example;
    Object.assign(example, { source: 'sample', sampleLine: 12 });
    expect(diffBody(diff, { file: 'site.channels', ref: 'main' })).toContain('(line 12 of the sample)');
    example.sampleEntry = 'day<1>.json.gz';
    expect(diffBody(diff, { file: 'site.channels', ref: 'main' })).toContain('(line day&lt;1&gt;.json.gz:12 of the sample)');
  });

  it('escapes everything that comes from the rules', async () => {
    const diff = await diffTexts('channel "<img src=x onerror=alert(1)>"\n  when a = "</td><script>"\n', 'channel "B&amp;"\n  when a = "</td><script>"\n');
    const html = compareHtml(diffBody(diff, { file: '<file>', ref: '"ref"' }), options);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script>(?!\s*\(function)/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('B&amp;amp;');
    expect(html).toContain('&lt;file&gt; <span class="muted">compared with &quot;ref&quot;</span>');
  });

  it('an error is shown as an alert with the summary id the tests read', () => {
    expect(messageBody('rules.channels compared with HEAD', 'The HEAD version has <errors>', 'error')).toBe(
      '<h1>rules.channels compared with HEAD</h1>\n<div class="alert error" role="alert" id="summary">The HEAD version has &lt;errors&gt;</div>',
    );
  });
});
