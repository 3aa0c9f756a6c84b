// Writing results. Every file a run writes is prepared as a temporary file beside its target (created anew,
// never through a link, with a random name) and renamed over the target only when all of them are ready, so a
// failed run changes nothing. A signal before the renames removes the temporaries and ends the run (130 or
// 143); once renaming has begun the run completes. Standard output tolerates a closed pipe. Files (and a standard
// output redirected to one) are written a block at a time on libuv's threads while the next block is made.

import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, write } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode, UsageError } from './errors.js';

/**
 * What a renderer gives: the whole text, or its pieces in order (a report too large for one string); a piece
 * may come encoded already (UTF-8 bytes: what another thread rendered, report/split.ts).
 */
export type Text = string | Iterable<string | Uint8Array>;

/** Lines already made, each with its line end (text, or bytes a thread encoded): lineByLine passes them on as they are. */
export class Pieces {
  constructor(readonly pieces: Iterable<string | Uint8Array>) {}
}

/**
 * Lines as pieces of text, each followed by its line end, from entry `from` on: what `lines.join('\n')` and a
 * final line end make, without ever being one string. An entry may be many lines drawn as they are read (a
 * table of 500,000 organisations), or Pieces.
 */
export function* lineByLine(lines: readonly (string | Iterable<string> | Pieces)[], from = 0): Generator<string | Uint8Array> {
  for (let i = from; i < lines.length; i++) {
    const entry = lines[i]!;
    if (typeof entry === 'string') {
      yield entry;
      yield '\n';
    } else if (entry instanceof Pieces) {
      yield* entry.pieces;
    } else {
      for (const line of entry) {
        yield line;
        yield '\n';
      }
    }
  }
}

/**
 * Pieces encoded (UTF-8) into blocks of about `size` bytes: few writes, never one giant string, and no joined
 * string to build and encode again (a report of 100,000 organisations: 0.5 s less). A block is a buffer of its
 * own, never reused: a stream may hold it until it is written.
 */
export function* blocks(text: Text, size = 1 << 20): Generator<string | Uint8Array> {
  if (typeof text === 'string') {
    yield text;
    return;
  }
  // A UTF-16 code unit takes at most 3 bytes in UTF-8.
  let buffer = Buffer.allocUnsafe(2 * size);
  let at = 0;
  for (const piece of text) {
    if (typeof piece !== 'string') {
      // Bytes of their own: written as they are, after what the buffer holds (which is then the stream's).
      if (at > 0) {
        yield buffer.subarray(0, at);
        buffer = Buffer.allocUnsafe(2 * size);
        at = 0;
      }
      yield piece;
      continue;
    }
    if (at + piece.length * 3 > buffer.length) {
      if (at > 0) yield buffer.subarray(0, at);
      buffer = Buffer.allocUnsafe(Math.max(2 * size, piece.length * 3));
      at = 0;
    }
    at += buffer.write(piece, at);
    if (at >= size) {
      yield buffer.subarray(0, at);
      buffer = Buffer.allocUnsafe(2 * size);
      at = 0;
    }
  }
  if (at > 0) yield buffer.subarray(0, at);
}

/**
 * Pieces of text encoded (UTF-8) one after another into a buffer of their own (transferable to another thread),
 * never joined first: a string joined of many pieces is flattened before it is encoded, which took 7× as long as
 * encoding the pieces (a chunk of 256 organisations in JSON, measured). Sized for text that is all ASCII,
 * grown when it is not.
 */
export function encodePieces(pieces: readonly string[]): Uint8Array {
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  let buffer = Buffer.allocUnsafeSlow(chars);
  let at = 0;
  for (const piece of pieces) {
    if (at + piece.length * 3 > buffer.length) {
      const needed = at + Buffer.byteLength(piece);
      if (needed > buffer.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(needed, Math.ceil(buffer.length * 1.5)));
        buffer.copy(grown, 0, 0, at);
        buffer = grown;
      }
    }
    at += buffer.write(piece, at);
  }
  return buffer.subarray(0, at);
}

/** Temporary files of the run not yet renamed, removed when the run is interrupted or fails. */
const temporaries = new Set<string>();
/** Set while temporaries are renamed over their targets: a signal then waits for the renames to finish. */
let isCommitting = false;

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Whether `file` exists and is something other than a regular file (a device, a pipe): written into, never replaced. */
function isSpecial(file: string): boolean {
  try {
    return !statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Writes all of `block` at the descriptor's position, on libuv's threads (a write may take part of it). */
function writeBlock(fd: number, block: string | Uint8Array): Promise<void> {
  const bytes = typeof block === 'string' ? Buffer.from(block) : block;
  return new Promise((resolve, reject) => {
    const from = (offset: number): void => {
      write(fd, bytes, offset, bytes.length - offset, null, (error, written) => {
        if (error !== null) reject(error);
        else if (offset + written < bytes.length) from(offset + written);
        else resolve();
      });
    };
    from(0);
  });
}

/**
 * Writes the blocks of `text` to `fd` in order, each while the next one is made: the system calls (2 s of a 0.7
 * GB JSON report's 12 s when made on this thread) run on another core. One block is in flight at a time, so
 * the blocks follow one another at the descriptor's position.
 */
async function writeBlocks(fd: number, text: Text): Promise<void> {
  let pending: Promise<void> | undefined;
  try {
    for (const block of blocks(text)) {
      if (pending !== undefined) await pending;
      pending = writeBlock(fd, block);
    }
  } catch (error) {
    // The report failed while a block was being written: that write ends before the descriptor closes.
    await pending?.catch(() => undefined);
    throw error;
  }
  await pending;
}

/**
 * Creates a temporary file beside `file` holding `text`: a random name, created exclusively (O_EXCL: never
 * an existing file or a link planted there), with the target's permission bits when it exists.
 */
async function prepare(file: string, text: Text): Promise<string> {
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    // A new file: the default permissions, as the umask leaves them.
  }
  for (let attempt = 0; ; attempt++) {
    const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    let fd: number;
    try {
      fd = openSync(temporary, 'wx', 0o666);
    } catch (error) {
      if (codeOf(error) === 'EEXIST' && attempt < 5) continue;
      throw new UsageError(`cannot write ${file}: ${codeOf(error)}`);
    }
    temporaries.add(temporary);
    try {
      if (mode !== undefined) fchmodSync(fd, mode);
      await writeBlocks(fd, text);
    } catch (error) {
      throw new UsageError(`cannot write ${file}: ${codeOf(error)}`);
    } finally {
      closeSync(fd);
    }
    return temporary;
  }
}

function removeTemporaries(): void {
  for (const temporary of temporaries) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or removed.
    }
  }
  temporaries.clear();
}

/**
 * Writes every (file, text) of a run: regular files through temporaries renamed together once all are ready;
 * devices and pipes (-o /dev/null, a FIFO) written into, after the files. Any failure before the renames
 * removes the temporaries and leaves every target as it was (a usage error naming the file, exit 2).
 */
export async function writeOutputs(outputs: readonly { file: string; text: Text }[]): Promise<void> {
  const plain = outputs.filter((o) => !isSpecial(o.file));
  const special = outputs.filter((o) => isSpecial(o.file));
  const prepared: { file: string; temporary: string }[] = [];
  try {
    for (const o of plain) prepared.push({ file: o.file, temporary: await prepare(o.file, o.text) });
  } catch (error) {
    removeTemporaries();
    throw error;
  }
  isCommitting = true;
  let renaming = prepared[0]?.file;
  try {
    for (const p of prepared) {
      renaming = p.file;
      renameSync(p.temporary, p.file);
      temporaries.delete(p.temporary);
    }
  } catch (error) {
    removeTemporaries();
    throw new UsageError(`cannot write ${renaming}: ${codeOf(error)}`);
  } finally {
    isCommitting = false;
  }
  for (const o of special) {
    let fd: number | undefined;
    try {
      fd = openSync(o.file, 'w');
      await writeBlocks(fd, o.text);
    } catch (error) {
      throw new UsageError(`cannot write ${o.file}: ${codeOf(error)}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** Writes one file as writeOutputs does. */
export async function writeAtomic(file: string, text: Text): Promise<void> {
  await writeOutputs([{ file, text }]);
}

/**
 * How a signal ends the run: before the renames, the temporaries are removed and the process exits with 128 +
 * the signal's number (130 for SIGINT, 143 for SIGTERM); while renaming, it waits for the renames (and the
 * run) to complete.
 */
export function onSignal(signal: NodeJS.Signals, fail: (message: string, code: number) => never): void {
  // Renaming: the outputs are being replaced, so the run completes (and exits as it would have).
  if (isCommitting) return;
  removeTemporaries();
  fail('interrupted', signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted);
}

/** A path as it will be opened: its real path where it exists (links resolved), else its absolute path. */
function identity(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return join(realpathSync(dirname(file)), basename(file));
    } catch {
      return resolve(file);
    }
  }
}

/**
 * Refuses outputs that name an input or each other (a usage error, before any work): `-o self.csv` over the
 * export being read, `--save-model x.json -o x.json`. Devices and pipes (-o /dev/null) may be named twice.
 */
export function assertOutputsApart(outputs: readonly { flag: string; file: string | undefined }[], inputs: readonly { what: string; file: string | undefined }[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) if (input.file !== undefined && input.file !== '-') seen.set(identity(input.file), input.what);
  for (const output of outputs) {
    if (output.file === undefined || isSpecial(output.file)) continue;
    const id = identity(output.file);
    const other = seen.get(id);
    if (other !== undefined) throw new UsageError(`${output.flag} ${output.file}: the same file as ${other}; choose another file, nothing was written`);
    seen.set(id, `${output.flag} ${output.file}`);
  }
}

/** Whether descriptor `fd` is a regular file (not a terminal, a pipe or a device). */
function isFileDescriptorAFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Writes to stdout, block by block, waiting whenever the pipe is full (a large report never sits in memory as
 * one string, nor queued whole); resolves once flushed. A closed pipe (`| head`) ends the process quietly with 0.
 */
export async function writeStdout(text: Text): Promise<void> {
  if (isFileDescriptorAFile(1)) {
    // Redirected to a file (`> report.json`): written as -o writes, each block while the next is made (a
    // file's stdout stream would write each on this thread).
    try {
      await writeBlocks(1, text);
    } catch (error) {
      throw new UsageError(`cannot write to standard output: ${codeOf(error)}`);
    }
    return;
  }
  const out = process.stdout;
  let failure: Error | undefined;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    failure = new UsageError(`cannot write to standard output: ${error.code ?? error.message}`);
  });
  for (const block of blocks(text)) {
    if (failure !== undefined) throw failure;
    if (!out.write(block)) {
      // Whichever comes first takes both listeners off: a report of many blocks waits many times.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('error', done);
          resolve();
        };
        out.on('drain', done);
        out.on('error', done);
      });
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.write('', (error) => (error === null || error === undefined ? resolve() : reject(failure ?? error)));
  });
  if (failure !== undefined) throw failure;
}
