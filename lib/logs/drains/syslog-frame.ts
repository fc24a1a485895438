// Log lines as RFC 5424 syslog messages with RFC 6587 octet counting (`<length> <message>`): what
// syslog-over-TLS receivers (RFC 5425) read, and Heroku's `application/logplex-1` HTTPS drains send.
import type { LogLine } from "../log-line.ts";

/** local7.info, as Heroku's drains send. */
const PRI = "<190>";

/** RFC 5424 fields are printable US-ASCII without spaces, with a length limit. */
const field = (value: string, max: number) => value.replace(/[^\x21-\x7e]/g, "_").slice(0, max) || "-";

/** One message: `<190>1 TIMESTAMP HOST APP-NAME PROCID - - TEXT`, host = the app, app-name = the source. */
export function syslogMessage(app: string, line: LogLine): string {
  return `${PRI}1 ${line.time} ${field(app, 255)} ${field(line.source, 48)} ${field(line.process, 128)} - - ${line.text}`;
}

/** Octet-counted frames, one per line, ready to write or to POST. */
export function syslogFrames(app: string, lines: LogLine[]): Buffer {
  return Buffer.concat(
    lines.map((line) => {
      const message = Buffer.from(syslogMessage(app, line), "utf8");
      return Buffer.concat([Buffer.from(`${message.length} `), message]);
    }),
  );
}

/** Splits octet-counted frames back into messages (for receivers and tests). */
export function parseSyslogFrames(data: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const length = Number(data.toString("ascii", i, space));
    if (!Number.isInteger(length) || space + 1 + length > data.length) break;
    messages.push(data.toString("utf8", space + 1, space + 1 + length));
    i = space + 1 + length;
  }
  return { messages, rest: data.subarray(i) };
}
