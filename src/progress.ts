// Progress on standard error while reading large inputs: rows, MB/s, and percentage and ETA when sizes are known.
// Shown only on a terminal (and not with -q); a piped or redirected stderr gets nothing.

import { formatCount } from './report/format.js';
import { visible } from './report/visible.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export class Progress {
  private lastDraw = -Infinity;
  private readonly started: number;
  private isDrawn = false;
  /** Bytes of the files already finished, so the total covers several files. */
  private doneBefore = 0;
  private currentFile = '';
  private currentBytes = 0;

  constructor(
    private readonly stream: ProgressStream,
    /** Total bytes of all inputs, when every size is known (plain files). */
    private readonly totalBytes: number | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 200,
  ) {
    this.started = now();
  }

  /** Whether progress would be shown on this stream at all. */
  static isWanted(stream: ProgressStream, isQuiet: boolean): boolean {
    return stream.isTTY === true && !isQuiet;
  }

  update(file: string, bytes: number, rows: number): void {
    if (file !== this.currentFile) {
      this.doneBefore += this.currentBytes;
      this.currentFile = file;
    }
    this.currentBytes = bytes;
    const now = this.now();
    if (now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const done = this.doneBefore + bytes;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rate = done / 1e6 / seconds;
    let line = `benchmark: reading ${visible(file)}: ${formatCount(rows)} rows, ${rate.toFixed(1)} MB/s`;
    if (this.totalBytes !== undefined && this.totalBytes > 0) {
      const share = Math.min(done / this.totalBytes, 1);
      const remaining = share > 0 ? (seconds * (1 - share)) / share : NaN;
      line += `, ${(share * 100).toFixed(0)}%${Number.isFinite(remaining) ? ` (ETA ${Math.ceil(remaining)} s)` : ''}`;
    }
    this.stream.write(`\r${line}\u001b[K`);
    this.isDrawn = true;
  }

  /** Clears the progress line, so what follows starts on a clean line. */
  done(): void {
    if (this.isDrawn) this.stream.write('\r\u001b[K');
    this.isDrawn = false;
  }
}
