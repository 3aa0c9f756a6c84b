// LatestRows keeps each ticket's last row by its id's bytes; ids must fall together exactly as their trimmed
// texts do (what the reader did with a Map of strings before), checked here against that Map.

import { describe, expect, it } from 'vitest';
import { LatestRows } from '../../src/ingest/latest-rows.js';
import { preset } from '../../src/ingest/formats.js';
import { TicketBatch } from '../../src/metrics/ticket-batch.js';

describe('LatestRows', () => {
  it('gives a slot per distinct id, in first-seen order, and the latest row in it', () => {
    const ids = ['7', 'INC1', '7', 'é', 'x\u0000y', 'INC1', 'é', 'x\u0000y', 'a b', '', ''];
    const batch = TicketBatch.create(ids.length);
    ids.forEach((_, r) => batch.createdUtc.fill(r, r, r + 1));
    const latest = new LatestRows();
    const format = preset('generic', 'calendar');
    const encoder = new TextEncoder();
    const expected = new Map<string, number>();
    ids.forEach((id, r) => {
      const bytes = encoder.encode(`  ${id} `);
      const superseded = latest.keep(bytes, 2, bytes.length - 1, batch, r, true, 'f.csv', r + 2, format);
      expect(superseded).toBe(expected.has(id));
      if (superseded) expect(latest.supersededWhere()).toBe(`f.csv:${expected.get(id)! + 2}`);
      expected.set(id, r);
    });
    expect(latest.size).toBe(expected.size);
    // Slots in first-seen order, each holding its ticket's last row.
    [...expected.values()].forEach((row, slot) => {
      expect(latest.batch.createdUtc[slot]).toBe(row);
      expect(latest.whereAt(slot)).toBe(`f.csv:${row + 2}`);
    });
  });

  it('numbers ids that are not text by their decoding, in the same run of slots as the others', () => {
    // 0xff and 0xfe both decode to U+FFFD: one ticket, as the reader has always keyed such ids (by their decoding).
    const ids = [[0x37], [0xff], [0x41, 0xff], [0x37], [0xfe], [0xc3, 0xa9], [0x41, 0xff], [0xc3, 0xa9], [0x41, 0x00]];
    const batch = TicketBatch.create(ids.length);
    ids.forEach((_, r) => batch.createdUtc.fill(r, r, r + 1));
    const latest = new LatestRows();
    const format = preset('generic', 'calendar');
    const expected = new Map<string, number>();
    const slots = new Map<string, number>();
    ids.forEach((id, r) => {
      const key = new TextDecoder().decode(new Uint8Array(id));
      expect(latest.keep(new Uint8Array(id), 0, id.length, batch, r, true, 'f.csv', r + 2, format)).toBe(expected.has(key));
      expected.set(key, r);
      if (!slots.has(key)) slots.set(key, slots.size);
    });
    expect(latest.size).toBe(slots.size);
    for (const [key, slot] of slots) expect(latest.batch.createdUtc[slot]).toBe(expected.get(key));
  });

  it('grows past its first capacity', () => {
    const latest = new LatestRows();
    const batch = TicketBatch.create(1);
    const format = preset('generic', 'calendar');
    for (let i = 0; i < 40_000; i++) {
      batch.createdUtc[0] = i;
      const bytes = new TextEncoder().encode(`T${i % 30_000}`);
      latest.keep(bytes, 0, bytes.length, batch, 0, true, 'f.csv', i + 2, format);
    }
    expect(latest.size).toBe(30_000);
    expect(latest.batch.createdUtc[5]).toBe(30_005);
    expect(latest.batch.createdUtc[29_999]).toBe(29_999);
  });
});
