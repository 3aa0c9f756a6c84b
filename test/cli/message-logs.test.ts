// Message logs (a mapping's "messages"): the generated support-tweets fixture (fixtures/messages/, from
// scripts/generate-messages.mjs) read with examples/support-tweets.map.json, checked against DuckDB, which finds
// each message's conversation with a recursive query over in_response_to_tweet_id and computes the figures
// from the rules in docs/inputs.md; and a hand-worked log with a conversation id.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { ROOT, runCli, runJson } from '../helpers.js';

const FIXTURE = join(ROOT, 'fixtures/messages/support-tweets.csv');
const dir = mkdtempSync(join(tmpdir(), 'benchmark-messages-'));

function close(actual: number | null | undefined, wanted: number | null): void {
  if (wanted === null) return expect(actual ?? null).toBeNull();
  expect(Math.abs(actual! - wanted)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wanted)));
}

describe('message logs', () => {
  it('the support-tweets fixture: one ticket per conversation, equal to DuckDB', async () => {
    const report = runJson<Report>(['metrics', FIXTURE, '--map', 'examples/support-tweets.map.json']);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('SET threads = 1');
    const reader = await connection.runAndReadAll(`
      WITH RECURSIVE m AS (
        SELECT tweet_id, author_id, inbound = 'True' AS is_in, strptime(created_at, '%a %b %d %H:%M:%S %z %Y') AS t,
          nullif(in_response_to_tweet_id, '') AS parent
        FROM read_csv('${FIXTURE}', all_varchar = true)
      ),
      chain(id, root) AS (
        SELECT tweet_id, tweet_id FROM m WHERE parent IS NULL OR parent NOT IN (SELECT tweet_id FROM m)
        UNION ALL
        SELECT m.tweet_id, chain.root FROM m JOIN chain ON m.parent = chain.id
      ),
      c AS (SELECT m.*, chain.root FROM m JOIN chain ON chain.id = m.tweet_id),
      opened AS (SELECT root, min(t) AS created FROM c WHERE is_in GROUP BY root),
      answered_by AS (SELECT root, arg_min(author_id, t) AS org FROM c WHERE NOT is_in GROUP BY root),
      answers AS (SELECT c.root, c.t FROM c JOIN opened USING (root) WHERE NOT c.is_in AND c.t > opened.created),
      conversations AS (
        SELECT opened.root, answered_by.org, opened.created, min(answers.t) AS first_answer, max(answers.t) AS solved, count(answers.t) AS replies,
          (SELECT count(*) FROM c WHERE c.root = opened.root) AS messages
        FROM opened LEFT JOIN answered_by USING (root) LEFT JOIN answers USING (root)
        GROUP BY opened.root, answered_by.org, opened.created
      )
      SELECT org, count(*)::INTEGER AS tickets, count(solved)::INTEGER AS solved, sum(messages)::INTEGER AS messages,
        median((epoch(solved) - epoch(created)) / 3600.0)::DOUBLE AS resolution,
        median((epoch(first_answer) - epoch(created)) / 3600.0)::DOUBLE AS first_reply,
        (sum(replies) FILTER (WHERE replies > 0) / count(*) FILTER (WHERE replies > 0))::DOUBLE AS replies
      FROM conversations GROUP BY org ORDER BY org NULLS LAST`);
    const rows = reader.getRowObjectsJS() as unknown as { org: string | null; tickets: number; solved: number; messages: number; resolution: number | null; first_reply: number | null; replies: number | null }[];
    connection.closeSync();
    const answered = rows.filter((r) => r.org !== null);
    const unanswered = rows.find((r) => r.org === null)!;
    expect(report.input).toMatchObject({
      rowsRead: 592,
      rowsUsed: answered.reduce((s, r) => s + r.messages, 0),
      rejectsByReason: { 'unanswered conversation: no answer to take its organisation from': unanswered.messages },
      messageLog: { messages: 592, conversations: rows.reduce((s, r) => s + r.tickets, 0), attributesFrom: 'first-outbound' },
    });
    expect(report.organizations.map((o) => o.name)).toEqual(answered.map((r) => r.org));
    for (const row of answered) {
      const org = report.organizations.find((o) => o.name === row.org)!;
      expect(org.metrics.tickets).toBe(row.tickets);
      expect(org.metrics.solvedTickets).toBe(row.solved);
      close(org.metrics.resolutionMedianHours, row.resolution);
      close(org.metrics.firstReplyMedianHours, row.first_reply);
      close(org.metrics.commentsPerTicket, row.replies);
      expect(org.channels.map((c) => c.channel)).toEqual(['social']);
    }
  });

  it('a conversation id, a direction rule on the author, and the first message giving the organisation (worked by hand)', () => {
    const file = join(dir, 'chat.csv');
    // Conversation k1 (team North): customer 09:00, agent 09:20, customer 09:30, agent 10:00 → first reply 20 min,
    // solved 10:00 (1 h), 2 replies. k2 (South): agent 08:00 (before the customer: not a reply), customer 08:10,
    // no answer after → open. k3: only agent messages → rejected, no inbound message.
    writeFileSync(
      file,
      [
        'msg,thread,author,team,sent',
        '1,k1,cust-1,North,2024-05-01T09:00:00Z',
        '3,k1,agent-ann,North,2024-05-01T09:20:00Z',
        '2,k2,agent-bob,South,2024-05-01T08:00:00Z',
        '4,k1,cust-1,North,2024-05-01T09:30:00Z',
        '5,k1,agent-ann,North,2024-05-01T10:00:00Z',
        '6,k2,cust-2,South,2024-05-01T08:10:00Z',
        '7,k3,agent-cy,South,2024-05-01T11:00:00Z',
      ].join('\n') + '\n',
    );
    const map = join(dir, 'chat.json');
    writeFileSync(
      map,
      JSON.stringify({
        columns: { message_id: 'msg', conversation_id: 'thread', timestamp: 'sent', organization: 'team', channel: { value: 'chat' } },
        messages: { inbound: { column: 'author', matches: '^cust-' } },
      }),
    );
    const report = runJson<Report>(['metrics', file, '--map', map]);
    expect(report.input).toMatchObject({ rowsRead: 7, rowsUsed: 6, rejectsByReason: { 'conversation without an inbound message': 1 } });
    const north = report.organizations.find((o) => o.name === 'North')!;
    expect(north.metrics).toMatchObject({ tickets: 1, solvedTickets: 1, resolutionMedianHours: 1, commentsPerTicket: 2 });
    close(north.metrics.firstReplyMedianHours, 20 / 60);
    expect(report.organizations.find((o) => o.name === 'South')!.metrics).toMatchObject({ tickets: 1, solvedTickets: 0, openTickets: 1 });
  });

  it('a mapping without the columns a message log needs is refused, saying which', () => {
    const map = join(dir, 'bad.json');
    writeFileSync(map, JSON.stringify({ columns: { timestamp: 'sent', organization: 'team' }, messages: { inbound: { column: 'author', in: ['x'] } } }));
    const result = runCli(['metrics', FIXTURE, '--map', map]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a message log needs "conversation_id", or "message_id" and "in_reply_to"');
  });
});
