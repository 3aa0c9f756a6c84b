import { describe, expect, it } from 'vitest';
import { channelNormaliser } from '../../src/ingest/channels.js';
import { parseHoursToMinutes, parseNumber, parseRating } from '../../src/ingest/values.js';

describe('value parsers', () => {
  it('reads plain numbers only', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber(' 1.5 ')).toBe(1.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1,5')).toBeNaN();
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });
  it('reads Freshdesk hours as HH:MM:SS or decimals, in minutes', () => {
    expect(parseHoursToMinutes('01:30:00')).toBe(90);
    expect(parseHoursToMinutes('25:00')).toBe(1500);
    expect(parseHoursToMinutes('1.5')).toBe(90);
    expect(parseHoursToMinutes('soon')).toBeNaN();
  });
  it('rates satisfaction per docs/method.md: 4–5 good, 1–3 bad, offered unrated', () => {
    expect(parseRating('Good')).toBe('good');
    expect(parseRating('Bad with comment')).toBe('bad');
    expect(parseRating('Offered')).toBe('unrated');
    expect(parseRating('Not Offered')).toBe('unrated');
    expect(parseRating('')).toBe('unrated');
    expect(parseRating('4.0')).toBe('good');
    expect(parseRating('3')).toBe('bad');
    expect(parseRating('7')).toBeUndefined();
    expect(parseRating('meh')).toBeUndefined();
  });
});

describe('channelNormaliser', () => {
  it('maps the help-desk names of docs/inputs.md and lets a mapping override them', () => {
    const normalise = channelNormaliser({ 'Integrated Agency': 'other' });
    expect(normalise('Web form')).toBe('web');
    expect(normalise('Web service (API)')).toBe('api');
    expect(normalise('Phone call (incoming)')).toBe('phone');
    expect(normalise('Facebook post')).toBe('social');
    expect(normalise('X')).toBe('social');
    expect(normalise('Portal')).toBe('web');
    expect(normalise('Feedback Widget')).toBe('web');
    expect(normalise('Mobile/Open311')).toBe('web');
    expect(normalise('Self service')).toBe('web');
    expect(normalise('IVR')).toBe('phone');
    expect(normalise('Integrated Agency')).toBe('other');
    expect(normalise('Carrier pigeon')).toBe('other');
  });
});
