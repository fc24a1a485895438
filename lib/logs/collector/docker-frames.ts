// Docker's log stream of a container without a TTY, as messages. The frames themselves are read
// by lib/docker/log-frames.ts; with timestamps on, each frame is one log message: "<stamp> <text>\n"
// (a line longer than Docker's 16 KiB buffer comes as several messages without the newline).
import { FrameDecoder } from "../../docker/log-frames.ts";

export interface LogMessage {
  stamp: string;
  text: string;
}

export class FrameSplitter {
  private frames = new FrameDecoder();

  /** Feeds a chunk of the HTTP stream; returns the whole messages it completed. */
  push(chunk: Buffer): LogMessage[] {
    const out: LogMessage[] = [];
    for (const frame of this.frames.push(chunk)) {
      const message = parseMessage(frame.payload.toString("utf8"));
      if (message) out.push(message);
    }
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
