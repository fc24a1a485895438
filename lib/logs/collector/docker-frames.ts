// Docker's log stream for a container without a TTY: frames of [stream, 0, 0, 0, size (u32 BE)]
// then `size` bytes. With timestamps on, each frame is one log message: "<stamp> <text>\n" (a
// line longer than Docker's 16 KiB buffer comes as several messages without the newline).

export interface LogMessage {
  stamp: string;
  text: string;
}

export class FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds a chunk of the HTTP stream; returns the whole messages it completed. */
  push(chunk: Buffer): LogMessage[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: LogMessage[] = [];
    let i = 0;
    while (i + 8 <= this.buffer.length) {
      const size = this.buffer.readUInt32BE(i + 4);
      if (i + 8 + size > this.buffer.length) break;
      const message = parseMessage(this.buffer.toString("utf8", i + 8, i + 8 + size));
      if (message) out.push(message);
      i += 8 + size;
    }
    this.buffer = this.buffer.subarray(i);
    return out;
  }
}

function parseMessage(raw: string): LogMessage | null {
  const space = raw.indexOf(" ");
  if (space <= 0) return null;
  let end = raw.length;
  if (raw.endsWith("\n")) end--;
  if (raw[end - 1] === "\r") end--;
  return { stamp: raw.slice(0, space), text: raw.slice(space + 1, end) };
}
