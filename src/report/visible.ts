// Text from the data (organisation and channel names, file names) made safe to show on a terminal or in
// Markdown: control characters and bidirectional overrides shown as visible marks instead of acting.

import { ClassifiedOrganization } from './classified-organization.js';
import type { Report } from './report.js';

/**
 * C0 controls (but tab), DEL and C1 controls, and the bidirectional marks, embeddings, overrides and isolates:
 * what can move the cursor, clear the screen, set a window title or reorder the text shown around it.
 */
export const UNSAFE_CLASS = '[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const HAS_UNSAFE = new RegExp(UNSAFE_CLASS);
const UNSAFE = new RegExp(UNSAFE_CLASS, 'g');

/**
 * `text` with every unsafe character replaced by a visible mark: C0 controls and DEL by their Unicode control
 * pictures (ESC → ␛, line feed → ␊), C1 controls and bidirectional marks by `<U+202E>`. Tab becomes a space.
 * O(n); returns `text` itself when there is nothing to replace.
 * @example visible('a\u001b[2Jb') // 'a␛[2Jb'
 */
export function visible(text: string): string {
  const shown = text.replace(/\t/g, ' ');
  if (!HAS_UNSAFE.test(shown)) return shown;
  return shown.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * A deep copy of `value` with every string shown by `visible`: what a terminal or Markdown renderer formats,
 * so that no name in the data reaches the screen as a control sequence. O(size of the value).
 */
export function visibleStrings<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? visible(v) : v)) as T;
}

/**
 * A report with every string shown by `visible`: all of it copied but the organisations, of which only the
 * name is data (their other strings are the tool's own: archetypes, channels, metric names). O(organisations)
 * shallow copies, not a deep copy of the largest part.
 */
export function visibleReport(report: Report): Report {
  const { organizations, ...rest } = report;
  const shown = organizations.map((o) => {
    const name = visible(o.name);
    if (name === o.name) return o;
    return o instanceof ClassifiedOrganization ? o.withName(name) : { ...o, name };
  });
  return { ...visibleStrings(rest), organizations: shown };
}
