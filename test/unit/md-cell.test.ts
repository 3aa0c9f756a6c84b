// mdCell's quick path (text returned as it is when nothing in it needs showing or escaping) never skips a
// character the full path changes: every such character, alone and in a name, is changed; plain names are not.

import { describe, expect, it } from 'vitest';
import { mdCell } from '../../src/report/render-markdown.js';

describe('mdCell', () => {
  it('changes every character Markdown acts on, every unsafe one and a tab; leaves plain text as it is', () => {
    const acted = ['\\', '|', '[', ']', '`', '*', '_', '&', '<', '>', '\t'];
    const unsafe = [0x00, 0x08, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x9f, 0x061c, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069].map((c) => String.fromCharCode(c));
    for (const c of [...acted, ...unsafe]) {
      expect(mdCell(c), JSON.stringify(c)).not.toBe(c);
      expect(mdCell(`Acme ${c} Ltd`), JSON.stringify(c)).not.toBe(`Acme ${c} Ltd`);
    }
    // By hand: the escapes and marks the full path gives.
    expect(mdCell('a|b_c')).toBe('a\\|b\\_c');
    expect(mdCell('x\u001b[2J')).toBe('x␛\\[2J');
    expect(mdCell('R&D <team>')).toBe('R&amp;D &lt;team&gt;');
    for (const plain of ['Birch Energy', 'Ünïcødé GmbH', 'O’Brien & Sons'.replace('&', 'and'), '東京 Support', 'a-b.c,d (e) #1']) expect(mdCell(plain)).toBe(plain);
  });
});
