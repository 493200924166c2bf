// The few GitHub REST calls the action makes, for its one sticky pull-request comment:
// list the comments (every page), then edit ours or create it. Plain fetch (Node 20)
// against $GITHUB_API_URL, so tests run it against a local stand-in server.

import { findStickyComment, MARKER } from './comment.mjs';

/**
 * @param {{ apiUrl: string, token: string, repository: string, issue: number | string,
 *           body: string, createIfMissing?: boolean, fetch?: typeof fetch }} options
 * @returns {Promise<{ action: 'created' | 'updated' | 'unchanged' | 'skipped', id?: number, url?: string }>}
 */
export async function upsertStickyComment(options) {
  const call = github(options);
  const existing = findStickyComment(await listComments(call, options.repository, options.issue), MARKER);
  if (existing !== undefined) {
    if (existing.body === options.body) return { action: 'unchanged', id: existing.id, url: existing.html_url };
    const updated = await call('PATCH', `/repos/${options.repository}/issues/comments/${existing.id}`, { body: options.body });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  if (options.createIfMissing === false) return { action: 'skipped' };
  const created = await call('POST', `/repos/${options.repository}/issues/${options.issue}/comments`, { body: options.body });
  return { action: 'created', id: created.id, url: created.html_url };
}

async function listComments(call, repository, issue) {
  const comments = [];
  for (let page = 1; page <= 100; page++) {
    const batch = await call('GET', `/repos/${repository}/issues/${issue}/comments?per_page=100&page=${page}`);
    comments.push(...batch);
    if (batch.length < 100) break;
  }
  return comments;
}

export class GitHubApiError extends Error {
  constructor(status, method, path, message) {
    super(`GitHub API ${method} ${path}: ${status} ${message}`);
    this.name = 'GitHubApiError';
    this.status = status;
  }
}

function github({ apiUrl, token, fetch: fetchImpl = fetch }) {
  const base = apiUrl.replace(/\/+$/, '');
  return async (method, path, body) => {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'channel-rules-action',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new GitHubApiError(response.status, method, path.replace(/\?.*$/, ''), message);
    }
    return text === '' ? undefined : JSON.parse(text);
  };
}
