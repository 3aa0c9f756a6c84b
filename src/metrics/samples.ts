// A growable Float64Array: per-organisation duration samples without an array of boxed numbers.

export class Samples {
  private data = new Float64Array(8);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** A sorted copy of the values (ascending), for exact quantiles. */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}
