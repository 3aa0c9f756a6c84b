// Seeded pseudo-random numbers: the only source of randomness in clustering, so every run can be repeated.

/**
 * A small, fast generator (SplitMix32 seeding a Mulberry32 stream). `next()` returns a double in [0, 1)
 * with 32 random bits. Streams for (seed, stream) pairs are independent enough for k-means++ seeding and
 * sampling; the same pair always gives the same sequence on every platform.
 */
export class Random {
  private state: number;

  constructor(seed: number, stream = 0) {
    this.state = splitmix32((seed >>> 0) ^ splitmix32(stream + 0x9e3779b9));
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
