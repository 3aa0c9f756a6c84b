// Input sources: files (plain or gzip), globs of files, and standard input ("-"), read as byte chunks.

import { accessSync, closeSync, constants as fsConstants, createReadStream, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InputError, UsageError } from '../errors.js';

export const STDIN = '-';

function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

/** A glob segment as a regular expression: * any run, ? one character, [abc] a class; no / inside. */
function segmentPattern(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close === -1) source += '\\[';
      else {
        source += `[${segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Expands a path whose segments may hold wildcards; matches sorted by name so the order is stable. */
function expandGlob(pattern: string): string[] {
  const isAbsolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let paths = [isAbsolute ? '/' : ''];
  for (const segment of segments) {
    if (segment === '') continue;
    const next: string[] = [];
    for (const base of paths) {
      if (!hasWildcard(segment)) {
        next.push(base === '' ? segment : join(base, segment));
        continue;
      }
      const folder = base === '' ? '.' : base;
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      const re = segmentPattern(segment);
      for (const name of names.sort()) if (re.test(name) && !name.startsWith('.')) next.push(base === '' ? name : join(base, name));
    }
    paths = next;
  }
  return paths.filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Resolves the FILES arguments: "-" is standard input (at most once), a glob expands to its files sorted by
 * name (one that matches nothing is an error), anything else must be a readable file. Exit 2 otherwise.
 */
export function resolveInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  let hasStdin = false;
  for (const arg of args) {
    if (arg === STDIN) {
      if (hasStdin) throw new UsageError('standard input ("-") can be read only once');
      hasStdin = true;
      out.push(STDIN);
      continue;
    }
    if (hasWildcard(basename(arg)) || hasWildcard(dirname(arg))) {
      let isPlainFile = false;
      try {
        isPlainFile = statSync(arg).isFile();
      } catch {
        isPlainFile = false;
      }
      if (!isPlainFile) {
        const matches = expandGlob(arg);
        if (matches.length === 0) throw new UsageError(`no input file matches ${arg}`);
        out.push(...matches);
        continue;
      }
    }
    checkInputFile(arg);
    out.push(arg);
  }
  return out;
}

/** Checks that an input file exists and is a readable file before any work starts (exit 2 when not). */
export function checkInputFile(file: string): void {
  if (file === STDIN) return;
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `input file not found: ${file}` : `cannot read input file ${file}: ${code ?? String(error)}`);
  }
  if (!isFile) throw new UsageError(`input is not a file: ${file}`);
  try {
    accessSync(file, fsConstants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read input file ${file}: ${code === 'EACCES' ? 'permission denied (EACCES)' : (code ?? String(error))}`);
  }
}

/**
 * Looks at a plain input's first bytes for what no CSV reader can take and says what it is: UTF-16 (by its
 * byte-order mark, or NUL bytes between the letters of the first line) and gzip without a `.gz` name. An
 * InputError (exit 3) naming the file and the way forward; nothing for standard input or a file that is fine.
 */
export function sniffInput(file: string): void {
  if (file === STDIN || /\.gz$/i.test(file)) return;
  const head = Buffer.alloc(64);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return;
  }
  const bytes = head.subarray(0, n);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new InputError({ file }, `the file is gzip-compressed, but its name does not end in .gz: rename it to ${basename(file)}.gz (read as it is decompressed), or decompress it first`, 'compressed file');
  }
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'FF FE' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'FE FF' : undefined;
  const nuls = bytes.filter((b) => b === 0).length;
  if (bom !== undefined || (n >= 8 && nuls >= n / 4)) {
    throw new InputError(
      { file, line: 1 },
      `the file is UTF-16${bom === undefined ? ' (NUL bytes between its letters)' : ` (byte-order mark ${bom})`}: benchmark reads UTF-8; convert it first, for example with iconv -f UTF-16 -t UTF-8`,
      'not UTF-8',
    );
  }
}

/**
 * Where to split a plain file of `size` bytes in two: just after the first line end at or after `at` (the
 * caller checks that this is a record boundary). `size` when the file has no line end there.
 */
export function splitPoint(file: string, size: number, from = Math.floor(size / 2)): number {
  return splitPoints(file, size, [from])[0]!;
}

/**
 * For each offset of `from` (ascending), the first line start after it (or `size`), reading from one open file
 * a little at a time (lines are short; a long one is read on in larger steps).
 */
export function splitPoints(file: string, size: number, from: readonly number[]): number[] {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    return from.map((start) => {
      for (let at = start, step = 4096; at < size; at += step, step = Math.min(step * 4, buffer.length)) {
        const n = readSync(fd, buffer, 0, step, at);
        const newline = buffer.subarray(0, n).indexOf(0x0a);
        if (newline !== -1) return at + newline + 1;
        if (n === 0) break;
      }
      return size;
    });
  } finally {
    closeSync(fd);
  }
}

/** Bytes looked at after a candidate record start before taking it (recordStarts). */
const PROBE_BYTES = 1 << 16;

/**
 * For each offset of `from` (ascending), the first line start after it that begins a record of `nColumns`
 * fields (or `size`): where a quoted value holds line breaks, a line start inside it is passed over (see
 * looksLikeRecordStart). A guess: the reader still checks that every range ends between two records.
 */
export function recordStarts(file: string, size: number, from: readonly number[], nColumns: number): number[] {
  const starts = splitPoints(file, size, from);
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(PROBE_BYTES);
    return starts.map((start) => {
      // At most a probe's worth of line starts further on; the first that looks like a record wins.
      let at = start;
      for (let tries = 0; tries < 64 && at < size; tries++) {
        const n = readSync(fd, buffer, 0, PROBE_BYTES, at);
        const window = buffer.subarray(0, n);
        if (looksLikeRecordStart(window, nColumns, at + n >= size)) return at;
        const newline = window.indexOf(0x0a);
        if (newline === -1) break;
        at += newline + 1;
      }
      return start;
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether `bytes` begin with whole CSV records of `nColumns` fields each: quotes only around a whole field
 * (doubled inside it), each record ended by a line break; at least four records, or all the bytes hold when
 * `isEnd`. A line start inside a quoted value fails this (its first field holds a lone quote, or the fields do
 * not come out to the header's count) but for text that itself looks like records.
 */
export function looksLikeRecordStart(bytes: Uint8Array, nColumns: number, isEnd: boolean): boolean {
  const n = bytes.length;
  let p = 0;
  let records = 0;
  while (records < 4) {
    if (p >= n) return isEnd && records > 0;
    let fields = 0;
    for (;;) {
      if (p < n && bytes[p] === 0x22) {
        // A quoted field: to its closing quote ("" is a quote inside it), then a separator.
        p++;
        for (;;) {
          const q = bytes.indexOf(0x22, p);
          if (q === -1) return records >= 2;
          if (bytes[q + 1] === 0x22) {
            p = q + 2;
            continue;
          }
          p = q + 1;
          break;
        }
        if (p < n && bytes[p] !== 0x2c && bytes[p] !== 0x0a && bytes[p] !== 0x0d) return false;
      } else {
        while (p < n && bytes[p] !== 0x2c && bytes[p] !== 0x0a) {
          if (bytes[p] === 0x22) return false;
          p++;
        }
      }
      fields++;
      if (p >= n) return isEnd ? fields === nColumns : records >= 2;
      if (bytes[p] === 0x0d) p++;
      if (bytes[p] === 0x2c) {
        p++;
        continue;
      }
      if (bytes[p] !== 0x0a) return false;
      p++;
      break;
    }
    if (fields !== nColumns) return false;
    records++;
  }
  return true;
}

/** The size in bytes of a plain file (for progress), or undefined for stdin and gzip. */
export function knownSize(file: string): number | undefined {
  if (file === STDIN || file.endsWith('.gz')) return undefined;
  return statSync(file).size;
}

// Standard input can be read once: its iterator is shared, and what peekHeader reads is kept for readChunks.
let stdinIterator: AsyncIterator<Buffer> | undefined;
const stdinPeeked: Uint8Array[] = [];

async function nextStdinChunk(): Promise<Uint8Array | undefined> {
  stdinIterator ??= process.stdin[Symbol.asyncIterator]();
  const next = await stdinIterator.next();
  return next.done ? undefined : next.value;
}

/** Reads standard input until `isEnough` says the chunks so far suffice; they are replayed by readChunks. */
export async function peekStdin(isEnough: (chunk: Uint8Array) => boolean): Promise<void> {
  for (;;) {
    const chunk = await nextStdinChunk();
    if (chunk === undefined) return;
    stdinPeeked.push(chunk);
    if (isEnough(chunk)) return;
  }
}

/** The bytes of a source as chunks: a file (gunzipped when it ends in .gz) or stdin; `range` (plain files) limits them. */
export async function* readChunks(file: string, range?: { start: number; end: number }): AsyncGenerator<Uint8Array> {
  if (file === STDIN) {
    let isFirst = true;
    for (;;) {
      const chunk = stdinPeeked.length > 0 ? stdinPeeked.shift() : await nextStdinChunk();
      if (chunk === undefined) return;
      if (isFirst && chunk[0] === 0x1f && chunk[1] === 0x8b) {
        throw new UsageError('standard input is gzip-compressed: decompress it first (zcat FILE | benchmark …) or pass the .gz file by name');
      }
      isFirst = false;
      yield chunk;
    }
  }
  if (range !== undefined && range.end <= range.start) return;
  if (!file.endsWith('.gz')) {
    yield* readPlain(file, range);
    return;
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end - 1 } : {}) });
  const stream: AsyncIterable<Buffer> = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new InputError({ file }, `not a valid gzip file (${(error as Error).message})`, 'malformed gzip');
    throw error;
  } finally {
    raw.destroy();
  }
}

/** Bytes read per chunk from a plain file. */
const CHUNK_BYTES = 1 << 20;

/**
 * A plain file's bytes in chunks read into two buffers taken in turn: while the reader works on one chunk, the
 * next is already being read into the other. Each chunk is valid until the next is asked for (every
 * reader decodes or copies what it keeps before it asks for the next). No allocation per chunk, so reading a
 * large file leaves nothing for the collector to free and unmap.
 */
async function* readPlain(file: string, range?: { start: number; end: number }): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
  let position = range?.start ?? 0;
  const end = range?.end ?? Infinity;
  const readInto = (buffer: Uint8Array): Promise<{ chunk: Uint8Array; at: number; asked: number }> | null => {
    if (position >= end) return null;
    const asked = Math.min(CHUNK_BYTES, end - position);
    const at = position;
    position += asked;
    return handle.read(buffer, 0, asked, at).then(({ bytesRead }) => ({ chunk: buffer.subarray(0, bytesRead), at, asked }));
  };
  let pending = readInto(buffers[0]!);
  try {
    for (let turn = 1; pending !== null; turn ^= 1) {
      const { chunk, at, asked } = await pending;
      if (chunk.length === 0) return;
      // A short read (the next read is not started yet): go on from where it stopped.
      if (chunk.length < asked) position = at + chunk.length;
      pending = readInto(buffers[turn]!);
      yield chunk;
    }
  } finally {
    // A read still running must finish before the file is closed.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
