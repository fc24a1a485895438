// A container's output as lines: chunks end anywhere, a line is whole once its newline came.

export class LineSplitter {
  private partial = "";

  /** The lines this chunk completed. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    return parts;
  }

  /** What came after the last newline (output that did not end with one), once the output ended. */
  rest(): string {
    const rest = this.partial;
    this.partial = "";
    return rest;
  }
}
