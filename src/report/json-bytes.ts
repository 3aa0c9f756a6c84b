// JSON written straight into UTF-8 bytes, as JSON.stringify writes it (no indentation): for the organisations
// of a large JSON or NDJSON report, where turning numbers into text is most of the work. V8 spends 150–250 ns on
// a fractional number (its shortest round-trip digits) against 35 ns on an integer, and a report of 500,000
// organisations holds 17 million numbers, most of them rounded to two or three decimals. Those are written here
// from their scaled integer, digit by digit; any other number goes through Number's own text. Strings of plain
// ASCII are copied a byte a time; any other string goes through JSON.stringify, so escapes and UTF-8 are its own.

/** Scaled integers at or above this have more than 15 significant digits: their text is Number's own. */
const MAX_SCALED = 1e15;

const NULL = [0x6e, 0x75, 0x6c, 0x6c];
const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Decimal digits of v, 0 ≤ v < 2^31 (1 for 0). */
function digitCount(v: number): number {
  if (v < 1e4) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
  if (v < 1e8) return v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : 8;
  return v < 1e9 ? 9 : 10;
}

/**
 * A piece of JSON text made once and copied in many times (a key with its punctuation): its UTF-8 bytes as
 * little-endian 32-bit words, copied a word at a time (a third of the time of a byte at a time for a key of
 * 10–20 bytes). The last word's spare bytes are written too, beyond the piece, and written over by what follows.
 */
export class JsonPiece {
  readonly words: Uint32Array;
  readonly length: number;

  constructor(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    this.length = bytes.length;
    this.words = new Uint32Array(Math.ceil(bytes.length / 4));
    for (let i = 0; i < bytes.length; i++) this.words[i >> 2]! |= bytes[i]! << (8 * (i & 3));
  }
}

/** The size of the slabs pieces are cut from (JsonBytes' isSlabbed). */
export const SLAB_BYTES = 1 << 22;

/**
 * A growing buffer of JSON text. `take()` hands over what was written since the last take. By default each
 * piece taken is a buffer of its own (it can be transferred to another thread); with `isSlabbed`, pieces are cut
 * from one larger buffer (a slab) in turn, a new one begun when it is full: fewer, larger allocations for pieces a
 * stream holds until they are written (a report of 500,000 organisations is 2,000 pieces; the peak of a JSON
 * run on one thread 547 → 510 MB against a buffer a piece, measured).
 */
export class JsonBytes {
  private buffer: Buffer;
  private view: DataView;
  /** Where the next piece begins, and where the next byte goes. */
  private start = 0;
  private at = 0;

  constructor(
    private readonly size = 1 << 18,
    private readonly isSlabbed = false,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(size);
    this.view = viewOf(this.buffer);
  }

  /** What was written since the last take. */
  take(): Uint8Array {
    const taken = this.buffer.subarray(this.start, this.at);
    if (this.isSlabbed) this.start = this.at;
    else {
      this.buffer = Buffer.allocUnsafeSlow(Math.max(this.size, this.at));
      this.view = viewOf(this.buffer);
      this.start = this.at = 0;
    }
    return taken;
  }

  /** Room for `n` more bytes: a new buffer (what is written of the piece copied over) when there is not. */
  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const length = this.at - this.start;
    const grown = Buffer.allocUnsafeSlow(Math.max(length + n, 2 * length, this.isSlabbed ? this.size : 2 * this.buffer.length));
    this.buffer.copy(grown, 0, this.start, this.at);
    this.buffer = grown;
    this.view = viewOf(grown);
    this.start = 0;
    this.at = length;
  }

  /** A piece made beforehand. */
  raw(piece: JsonPiece): void {
    const words = piece.words;
    // Room for the last word's spare bytes too.
    this.room(4 * words.length);
    const view = this.view;
    const at = this.at;
    for (let i = 0; i < words.length; i++) view.setUint32(at + 4 * i, words[i]!, true);
    this.at = at + piece.length;
  }

  /** One ASCII byte (punctuation). */
  byte(c: number): void {
    this.room(1);
    this.buffer[this.at++] = c;
  }

  /** Text written as it is (UTF-8): JSON already, or a string's escaped form. */
  text(text: string): void {
    this.room(text.length * 3);
    this.at += this.buffer.write(text, this.at);
  }

  private bytes(list: readonly number[]): void {
    this.room(list.length);
    for (const c of list) this.buffer[this.at++] = c;
  }

  null(): void {
    this.bytes(NULL);
  }

  boolean(value: boolean): void {
    this.bytes(value ? TRUE : FALSE);
  }

  /** A number or null (a figure that may be missing). */
  numberOrNull(x: number | null): void {
    if (x === null) this.null();
    else this.number(x);
  }

  /** A number as JSON.stringify writes it: null where it is not finite, -0 as 0. */
  number(x: number): void {
    if (x !== x || x === Infinity || x === -Infinity) {
      this.null();
      return;
    }
    if (Number.isInteger(x)) {
      if (x < MAX_SCALED && x > -MAX_SCALED) this.scaled(x, 0);
      else this.ascii(String(x));
      return;
    }
    // A number with d ≤ 6 decimals is the double nearest k / 10^d, k an integer: its shortest round-trip text
    // (what Number writes) is then k's digits with the point d from the end, as long as they are 15 significant
    // digits at most (two such texts of 15 digits are never the same double). It is then also the double
    // nearest k·10^(6−d) / 10^6, which one trial at 10^6 finds; k's trailing zeros dropped give the fewest
    // decimals, so the text is the shortest.
    let k = Math.round(x * 1e6);
    if (k < MAX_SCALED && k > -MAX_SCALED && k / 1e6 === x) {
      let decimals = 6;
      while (decimals > 1 && k % 10 === 0) {
        k /= 10;
        decimals--;
      }
      this.scaled(k, decimals);
      return;
    }
    this.ascii(String(x));
  }

  /** Text all ASCII (a number's), a byte a character. */
  private ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) buffer[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** The integer k (|k| < 10^15) with a decimal point `decimals` digits from its end (at most 6; none for 0). */
  private scaled(k: number, decimals: number): void {
    this.room(24);
    const buffer = this.buffer;
    let at = this.at;
    if (k < 0) {
      buffer[at++] = 0x2d;
      k = -k;
    }
    // Digits from the last, in 32-bit integer arithmetic: k as two halves below 10^8 where it is larger. The
    // low half is written whole (8 digits, leading zeros included) under a high half, and otherwise with as many
    // leading zeros as the fraction needs (0.05); the point falls within it, since decimals ≤ 6.
    const high = k < 1e8 ? 0 : Math.floor(k / 1e8);
    let low = (k - high * 1e8) | 0;
    const lowWidth = high > 0 ? 8 : Math.max(digitCount(low), decimals + 1);
    const end = at + lowWidth + (high > 0 ? digitCount(high) : 0) + (decimals > 0 ? 1 : 0);
    let p = end;
    for (let written = 0; written < lowWidth; written++) {
      if (written === decimals && decimals > 0) buffer[--p] = 0x2e;
      const q = (low / 10) | 0;
      buffer[--p] = 0x30 + low - q * 10;
      low = q;
    }
    for (let h = high | 0; h > 0; ) {
      const q = (h / 10) | 0;
      buffer[--p] = 0x30 + h - q * 10;
      h = q;
    }
    this.at = end;
  }

  /** A string as JSON.stringify writes it, quoted and escaped. */
  string(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const buffer = this.buffer;
    let at = this.at;
    buffer[at++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        // An escape or a character beyond ASCII: the whole string as JSON.stringify writes it.
        this.text(JSON.stringify(s));
        return;
      }
      buffer[at++] = c;
    }
    buffer[at++] = 0x22;
    this.at = at;
  }

  /**
   * Any value as JSON.stringify writes it as an array's item: undefined, a function or a symbol as null (an
   * object's member with such a value is left out by whoever writes the member, as object() does). Plain data:
   * numbers, strings, booleans, null, arrays and objects of them; anything else (an object with toJSON or
   * another prototype, a bigint) goes through JSON.stringify, which writes or throws as it would.
   */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.boolean(v);
        return;
      case 'undefined':
      case 'function':
      case 'symbol':
        this.null();
        return;
      case 'object':
        if (v === null) this.null();
        else if (Array.isArray(v)) this.array(v);
        else if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || Object.getPrototypeOf(v) !== Object.prototype) this.text(JSON.stringify(v));
        else this.object(v as Record<string, unknown>);
        return;
      default:
        this.text(JSON.stringify(v));
    }
  }

  private array(items: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.byte(0x2c);
      this.value(items[i]);
    }
    this.byte(0x5d);
  }

  private object(o: Record<string, unknown>): void {
    this.byte(0x7b);
    let isFirst = true;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (!isFirst) this.byte(0x2c);
      isFirst = false;
      this.string(key);
      this.byte(0x3a);
      this.value(v);
    }
    this.byte(0x7d);
  }
}
