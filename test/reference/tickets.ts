// Reference helpers for the definition and SQL tests: a generic ticket export read by hand (csv-parse, no CLI
// code but the channel and rating word lists, which are definitions too), and a relative comparison.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { KNOWN_CHANNELS } from '../../src/ingest/channels.js';
import { BAD, GOOD } from '../../src/ingest/values.js';
import type { DefinedTicket } from '../../src/metrics/definitions.js';

function number(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function rating(text: string): 'good' | 'bad' | null {
  const t = text.trim().toLowerCase();
  if (GOOD.has(t)) return 'good';
  if (BAD.has(t)) return 'bad';
  const score = Number(t);
  return t !== '' && score >= 1 && score <= 5 ? (score >= 4 ? 'good' : 'bad') : null;
}

/** The generic export read by hand: timestamps as written (taken as UTC wall clock). */
export function readGeneric(file: string): DefinedTicket[] {
  const rows = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => {
    const createdMs = Date.parse(`${r.created_at!.trim().replace(' ', 'T')}Z`);
    const solvedMs = r.solved_at?.trim() ? Date.parse(`${r.solved_at.trim().replace(' ', 'T')}Z`) : null;
    return {
      organization: r.organization!.trim(),
      channel: KNOWN_CHANNELS[(r.channel ?? '').trim().toLowerCase()] ?? 'other',
      createdMs,
      solvedMs,
      firstReplyMinutes: number(r.first_reply_minutes ?? ''),
      resolutionMinutes: solvedMs === null ? null : (solvedMs - createdMs) / 60_000,
      rating: rating(r.satisfaction ?? ''),
      replies: number(r.replies ?? ''),
      reopens: number(r.reopens ?? ''),
      assignee: (r.assignee ?? '').trim() || null,
    };
  });
}

export function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
}
