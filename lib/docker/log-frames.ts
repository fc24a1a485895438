// Docker's multiplexed output of a container without a TTY (attach, logs, exec): frames of
// [stream, 0, 0, 0, size (u32 BE)] then `size` bytes, stream 1 for stdout and 2 for stderr. The
// one place that reads them.
export interface Frame {
  /** 1 stdout, 2 stderr (0 stdin, never sent here). */
  stream: number;
  payload: Buffer;
}

/** Splits a stream's chunks into whole frames; a frame cut between chunks waits for the rest. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds a chunk of the HTTP stream; returns the whole frames it completed. */
  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Frame[] = [];
    let i = 0;
    while (i + 8 <= this.buffer.length) {
      const size = this.buffer.readUInt32BE(i + 4);
      if (i + 8 + size > this.buffer.length) break;
      out.push({ stream: this.buffer[i]!, payload: this.buffer.subarray(i + 8, i + 8 + size) });
      i += 8 + size;
    }
    this.buffer = this.buffer.subarray(i);
    return out;
  }
}

/** Calls onOutput with each frame's bytes (stdout and stderr alike, in order) as the source sends them. */
export function onFrames(source: NodeJS.ReadableStream, onOutput: (payload: Buffer, stream: number) => void): void {
  const frames = new FrameDecoder();
  source.on("data", (chunk: Buffer) => {
    for (const frame of frames.push(chunk)) onOutput(frame.payload, frame.stream);
  });
}

/** A transform (for stream.pipeline) from frames to stdout's bytes; stderr frames go to onStderr. */
export function stdoutOfFrames(onStderr: (chunk: Buffer) => void) {
  return async function* (source: AsyncIterable<Buffer>) {
    const frames = new FrameDecoder();
    for await (const chunk of source) {
      for (const frame of frames.push(chunk)) {
        if (frame.stream === 2) onStderr(frame.payload);
        else yield frame.payload;
      }
    }
  };
}

/**
 * Splits a whole buffer of frames into plain text (stdout and stderr in order). A buffer that does
 * not start with a frame header (a container with a TTY) is text already.
 */
export function demuxToText(buf: Buffer): string {
  const framed = buf.length >= 8 && buf[0]! <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!framed) return buf.toString("utf8");
  return Buffer.concat(new FrameDecoder().push(buf).map((frame) => frame.payload)).toString("utf8");
}

/** Frames of a payload, as the engine sends them (the fake runtime and tests speak Docker's format too). */
export function encodeFrame(stream: number, payload: Buffer | string): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
