// The WebAssembly kernel (wasm/kernel.ts, compiled by `npm run build` to dist/kernel/kernel.wasm): compiled once
// per thread, and instantiated with a memory of its own by each user — ingest's CSV kernel (ingest/csv-kernel.ts),
// the sealing of the metrics' parts (metrics/seal-kernel.ts), the silhouette's pair sums (cluster/quality.ts) and a
// k-means fit's seeding and Lloyd's E-step (cluster/kmeans-run.ts matrixKernel). Without it (no file, no WebAssembly SIMD, or
// BENCHMARK_KERNEL=off) create() gives undefined and the callers run their TypeScript loops, with the same results.

import { readFileSync } from 'node:fs';
import { packageFile } from '../package-root.js';

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The kernel's functions (see wasm/kernel.ts); pointers are byte offsets in the instance's memory. */
export interface KernelExports {
  scanEnd: { value: number };
  scanQuoted: { value: number };
  scanBreaks: { value: number };
  scanPlain(bytes: number, p: number, length: number, nColumns: number, maxRecords: number, starts: number, ends: number, quoting: number, breaks: number): number;
  decodeNonNegative(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, out: number, scale: number, slow: number): void;
  decodeDates(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, out: number, isRequired: number, slow: number, ask: number, format: number): number;
  internColumn(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, table: number, out: number, empty: number, isRequired: number, slow: number, ask: number): number;
  internAdd(table: number, bytes: number, s: number, e: number, value: number): number;
  sortRanges(values: number, bounds: number, nRanges: number, scratch: number, counts: number): void;
  mergeRanges(values: number, bounds: number, nRanges: number, scratch: number): void;
  countGroups(groups: number, n: number, counts: number): void;
  scatterGroups(values: number, groups: number, n: number, cursor: number, out: number): void;
  checkIds(from: number, n: number, bytes: number, starts: number, ends: number, stride: number, column: number, slow: number, bits: number, result: number): number;
  foldRows(n: number, rows: number, f64Columns: number, i32Columns: number, slow: number, counts: number, isCalendar: number, durations: number, hours: number, pairs: number, agentCache: number, result: number): number;
  hourSpans(orgs: number, hours: number, n: number, counts: number, low: number, high: number): void;
  hourBits(orgs: number, hours: number, n: number, origin: number, bits: number, listCursor: number, listed: number): void;
  silhouetteSums(cols: number, size: number, d: number, from: number, to: number, labels: number, sums: number, k: number, center: number): void;
  seedTrials(data: number, n: number, d: number, cands: number, nTrials: number, nearest: number, potentials: number): void;
  seedAdmit(data: number, n: number, d: number, center: number, c: number, labels: number, nearest: number, second: number): void;
  lloydAssign(data: number, n: number, d: number, centers: number, k: number, labels: number, upper: number, lower: number, gaps: number, shift: number, maxShift: number, maxAt: number, secondShift: number, sums: number, counts: number): number;
}

const PAGE = 65536;
/** Where the arrays of an instance start: the first page is left to the module itself. */
const BASE = PAGE;

let compiled: WasmModule | null | undefined;

function kernelModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  // Where the build put it, whether this module runs from dist/, the bundle or the sources (the tests).
  try {
    compiled = new wasm.Module(readFileSync(packageFile('dist/kernel/kernel.wasm')));
  } catch {
    // No kernel file (a build without the WebAssembly step), or no SIMD: the TypeScript loops do the work.
  }
  return compiled;
}

/** The thread's instance for work done one piece after another (Kernel.shared). */
let shared: Kernel | undefined;

/** One instance of the kernel with a memory of its own, whose arrays its user lays out with take(). */
export class Kernel {
  private end = BASE;

  private constructor(
    readonly exports: KernelExports,
    private readonly memory: WasmMemory,
  ) {}

  /** Whether there is a kernel to create (see the top of this file). */
  private static isAvailable(): boolean {
    return process.env.BENCHMARK_KERNEL !== 'off' && kernelModule() !== null;
  }

  /** A fresh instance; undefined without the kernel (see the top of this file). */
  static create(): Kernel | undefined {
    if (!Kernel.isAvailable()) return undefined;
    try {
      const memory = new wasm.Memory({ initial: BASE / PAGE + 1 });
      return new Kernel(new wasm.Instance(kernelModule()!, { env: { memory } }).exports as unknown as KernelExports, memory);
    } catch {
      return undefined;
    }
  }

  /**
   * The thread's instance for work done one piece after another (grouping durations, sealing hours), reset and
   * handed to each user in turn: one memory serves them all, where a fresh one for each would stay until
   * collected (~40 MB a duration column per thread at 10,000,000 tickets). Its memory holds what the last user
   * left, so a user zeroes what it needs zeroed. Undefined without the kernel.
   */
  static shared(): Kernel | undefined {
    if (!Kernel.isAvailable()) return undefined;
    shared ??= Kernel.create();
    shared?.reset();
    return shared;
  }

  /** Gives back everything taken (the memory stays, as large as it grew), for the instance to be used again. */
  reset(): void {
    this.end = BASE;
  }

  /**
   * Room for `bytes` more (16-byte aligned), after everything taken before; returns where it starts. The memory
   * grows as needed, which detaches the views made before: make views after taking, or anew after each take.
   */
  take(bytes: number): number {
    const start = this.end;
    this.end += Math.ceil(bytes / 16) * 16;
    const pages = Math.ceil(this.end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    return start;
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }
}
