// The action's comment logic (scripts/action/comment.mjs, github-api.mjs) on its own:
// which comment is ours, the body's summary and status lines, sections for added,
// deleted and unreadable files, the length limit, and the REST calls (paginated).

import { describe, expect, it } from 'vitest';
import { buildComment, findStickyComment, MARKER, MAX_COMMENT_LENGTH, overallSummary, type FileDiff } from '../../scripts/action/comment.mjs';
import { GitHubApiError, upsertStickyComment } from '../../scripts/action/github-api.mjs';
import { mentionableAts } from '../support/markdown-mentions';

const diffJson = (moves: number, rules = 1, extra: object = {}) => ({
  rules: { added: Array(rules).fill({}), removed: [], changed: [], moved: [] },
  moves: Array(moves).fill({}),
  unreachable: [],
  complete: true,
  incomplete: [],
  ...extra,
});

const changed = (file: string, moves: number, markdown = `### \`${file}\`\n\n**summary**\n`): FileDiff => ({ file, status: 'changed', markdown, json: diffJson(moves) });
const passing = { exit: 0 };

describe('findStickyComment', () => {
  it('is the first comment whose body starts with the marker; a quote of it is not', () => {
    const comments = [
      { id: 1, body: 'LGTM' },
      { id: 2, body: `> ${MARKER}\n> quoted by someone` },
      { id: 3, body: null },
      { id: 4, body: `${MARKER}\n## Channel rules` },
      { id: 5, body: `${MARKER}\nolder duplicate` },
    ];
    expect(findStickyComment(comments)?.id).toBe(4);
    expect(findStickyComment(comments.slice(0, 3))).toBeUndefined();
  });
});

describe('buildComment', () => {
  it('marker first, then the overall summary, the check and test status, one section per changed file', () => {
    const body = buildComment({
      files: [changed('a.channels', 2), { file: 'b.channels', status: 'unchanged' }, changed('c.channels', 1)],
      check: { exit: 0, summary: '2 warnings' },
      test: { exit: 1, summary: '3 passed, 1 failed' },
      base: 'abc123',
      head: 'def456',
      runUrl: 'https://github.example/r/1',
    });
    const lines = body.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('## Channel rules');
    expect(body).toContain('**2 rules files changed · 2 rules changed · 3 moves**');
    expect(body).toContain('✅ `check`: no errors (2 warnings) · ❌ `test`: failed, see the job log (3 passed, 1 failed)');
    expect(body.indexOf('### `a.channels`')).toBeLessThan(body.indexOf('### `c.channels`'));
    expect(body).toContain('1 rules file unchanged: `b.channels`.');
    expect(body).toContain('Compared `abc123` (base) with `def456` (head) · [workflow run](https://github.example/r/1)');
    expect(body.endsWith('\n')).toBe(true);
  });

  it('sample counts and incomplete analyses in the summary', () => {
    expect(
      overallSummary([
        { file: 'a', status: 'changed', json: diffJson(2, 3, { sample: { events: 10_000, moved: 137 } }) },
        { file: 'b', status: 'changed', json: diffJson(0, 0, { complete: false, sample: { events: 5, moved: 0 } }) },
        { file: 'c', status: 'error', error: 'bad' },
      ]),
    ).toBe('3 rules files changed · 3 rules changed · 2 moves found (analysis incomplete) · 137 of 10,005 sample events change channel · 1 file could not be compared');
    expect(overallSummary([])).toBe('No rules file changed.');
  });

  it('added and deleted files are named by their path, with a note; an unreadable one says why', () => {
    const body = buildComment({
      files: [
        { file: 'new.channels', status: 'added', markdown: '### `/tmp/x/empty.channels`\n\n**1 rule changed**\n', json: diffJson(1) },
        { file: 'old.channels', status: 'deleted', markdown: '### `/tmp/x/empty.channels`\n\n**1 rule changed**\n', json: diffJson(1) },
        { file: 'bad <b>.channels', status: 'error', error: 'diff: HEAD bad.channels:2:3: syntax: expected `when`' },
      ],
      check: passing,
      test: { exit: null },
    });
    expect(body).toContain('### `new.channels`\n\n_New file: compared with an empty rules file._\n\n**1 rule changed**');
    expect(body).toContain('### `old.channels`\n\n_Deleted: compared with an empty rules file._');
    expect(body).not.toContain('empty.channels`');
    expect(body).toContain('### `bad <b>.channels`\n\n> [!CAUTION]\n> Could not compare the versions: diff: HEAD bad.channels:2:3: syntax: expected \\`when\\`');
    expect(body).toContain('➖ `test`: not run');
  });

  it('an @ in a reason mentions no one on GitHub, as in the Markdown of the CLI', () => {
    const body = buildComment({
      files: [{ file: '@org/rules.channels', status: 'error', error: 'diff: HEAD rules.channels:1:9: unknown field @someone' }],
      check: passing,
      test: passing,
    });
    expect(body).toContain('> Could not compare the versions: diff: HEAD rules.channels:1:9: unknown field @&#8203;someone');
    expect(mentionableAts(body)).toEqual([]);
  });

  it('a file name with a lone CR stays in its code span and mentions no one: control characters are escaped as the CLI does', () => {
    // CommonMark ends a line at a lone CR: the name made an <h2> with a live mention.
    const name = 'new\r## Approved by @security-team\r.channels';
    const body = buildComment({
      files: [
        { file: name, status: 'added', markdown: '### `/tmp/x/empty.channels`\n\n**1 rule changed**\n', json: diffJson(1) },
        { file: `bad\r${name}`, status: 'error', error: 'diff: cannot read' },
        { file: `old\x1b]0;x\x07${name}`, status: 'unchanged' },
      ],
      check: passing,
      test: passing,
    });
    expect(body).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(body).toContain('### `new\\r## Approved by @security-team\\r.channels`\n\n_New file');
    expect(body).toContain('### `bad\\rnew\\r## Approved by @security-team\\r.channels`\n\n> [!CAUTION]');
    expect(body).toContain('1 rules file unchanged: `old\\033]0;x\\anew\\r## Approved by @security-team\\r.channels`.');
    expect(mentionableAts(body)).toEqual([]);
  });

  it('the check and test summaries are text: a file name in them mentions no one and adds no HTML', () => {
    // The summary of a run that stopped is the CLI's first line of stderr, which names the file.
    const body = buildComment({
      files: [],
      check: { exit: 2, summary: 'channel-rules check: cannot read rules file @org/team <!-- x.channels: no such file' },
      test: { exit: 2, summary: 'channel-rules test: x<h1>@org/team</h1>.channels:1:11: syntax: invalid UTF-8\r## at byte offset 10' },
    });
    expect(body).toContain('❌ `check`: failed, see the annotations on the files (channel-rules check: cannot read rules file @&#8203;org/team &lt;!-- x.channels: no such file)');
    expect(body).toContain('❌ `test`: failed, see the job log (channel-rules test: x&lt;h1&gt;@&#8203;org/team&lt;/h1&gt;.channels:1:11: syntax: invalid UTF-8\\r\\#\\# at byte offset 10)');
    expect(mentionableAts(body)).toEqual([]);
  });

  it('stays under GitHub’s limit by leaving out whole sections, and says which', () => {
    const big = (file: string) => changed(file, 1, `### \`${file}\`\n\n${'| row |\n'.repeat(4000)}`);
    const body = buildComment({ files: [big('a.channels'), big('b.channels'), big('c.channels')], check: passing, test: passing, runUrl: 'https://x/run' });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body).toContain('### `a.channels`');
    expect(body).not.toContain('### `c.channels`');
    expect(body).toMatch(/The comment is too long for GitHub: `b\.channels`, `c\.channels` are left out here\. The job summary of the \[workflow run\]\(https:\/\/x\/run\) has every file\./);
  });

  it('stays under the limit with hundreds of files left out or unchanged: their names are counted past a point', () => {
    // Both lists were unbounded: 75,314 and 99,256 characters, over GitHub's 65,536.
    const name = (i: number) => `analytics/very/deep/folder/of/rules/file-${String(i).padStart(5, '0')}.channels`;
    const leftOut = buildComment({
      files: [changed('first.channels', 1, `### \`first.channels\`\n\n${'| row |\n'.repeat(7200)}`), ...Array.from({ length: 300 }, (_, i) => changed(name(i), 1))],
      check: passing,
      test: passing,
    });
    expect(leftOut.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(leftOut).toMatch(/`analytics\/very\/deep\/folder\/of\/rules\/file-00000\.channels`, .* and \d{3} more are left out here/);
    const unchanged = buildComment({
      files: [changed('a.channels', 1), ...Array.from({ length: 2000 }, (_, i): FileDiff => ({ file: name(i), status: 'unchanged' }))],
      check: passing,
      test: passing,
    });
    expect(unchanged.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(unchanged).toMatch(/2,000 rules files unchanged: `analytics.* and 1,9\d\d more\./);
  });
});

describe('upsertStickyComment', () => {
  type Call = { method: string; url: string; body?: string };
  function fakeFetch(pages: Array<Array<{ id: number; body: string }>>, calls: Call[]): typeof fetch {
    return (async (url: string, init: RequestInit) => {
      calls.push({ method: init.method!, url, ...(init.body === undefined ? {} : { body: init.body as string }) });
      expect((init.headers as Record<string, string>).Authorization).toBe('Bearer t');
      if (init.method === 'GET') {
        const page = Number(new URL(url).searchParams.get('page'));
        return new Response(JSON.stringify(pages[page - 1] ?? []), { status: 200 });
      }
      if (url.endsWith('/issues/comments/250') && init.method === 'PATCH') return new Response(JSON.stringify({ id: 250, html_url: 'u' }), { status: 200 });
      if (init.method === 'POST') return new Response(JSON.stringify({ id: 999, html_url: 'u' }), { status: 201 });
      return new Response(JSON.stringify({ message: 'Resource not accessible by integration' }), { status: 403 });
    }) as typeof fetch;
  }
  const options = { apiUrl: 'https://api.example/', token: 't', repository: 'o/r', issue: 3, body: `${MARKER}\nnew` };

  it('reads every page of comments and edits ours', async () => {
    const calls: Call[] = [];
    const first = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: 'hi' }));
    const second = [{ id: 250, body: `${MARKER}\nold` }];
    const result = await upsertStickyComment({ ...options, fetch: fakeFetch([first, second], calls) });
    expect(result.action).toBe('updated');
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET https://api.example/repos/o/r/issues/3/comments?per_page=100&page=1',
      'GET https://api.example/repos/o/r/issues/3/comments?per_page=100&page=2',
      'PATCH https://api.example/repos/o/r/issues/comments/250',
    ]);
    expect(JSON.parse(calls[2]!.body!)).toEqual({ body: `${MARKER}\nnew` });
  });

  it('creates it when there is none, unless told not to', async () => {
    const calls: Call[] = [];
    expect((await upsertStickyComment({ ...options, fetch: fakeFetch([[]], calls) })).action).toBe('created');
    expect(calls.at(-1)!.method).toBe('POST');
    expect((await upsertStickyComment({ ...options, createIfMissing: false, fetch: fakeFetch([[]], []) })).action).toBe('skipped');
  });

  it('an unchanged body is not sent again', async () => {
    const calls: Call[] = [];
    const result = await upsertStickyComment({ ...options, fetch: fakeFetch([[{ id: 250, body: options.body }]], calls) });
    expect(result.action).toBe('unchanged');
    expect(calls.map((call) => call.method)).toEqual(['GET']);
  });

  it('an API error carries its status and GitHub’s message', async () => {
    const refuse = (async () => new Response(JSON.stringify({ message: 'Resource not accessible by integration' }), { status: 403 })) as unknown as typeof fetch;
    const error = await upsertStickyComment({ ...options, fetch: refuse }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toBe('GitHub API GET /repos/o/r/issues/3/comments: 403 Resource not accessible by integration');
  });
});
