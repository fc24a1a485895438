// The collector's one way to store lines: in a single Redis script, check that it still holds the
// lease, append the lines to the app's stream, and move the resume point of their source. Lines and
// resume point change together or not at all, so a collector killed at any moment neither loses
// nor repeats a line when the next one resumes.
import { settings } from "../../env.ts";
import { redis } from "../../redis.ts";
import { lineFields, logStreamKey, type LogLine } from "../log-line.ts";
import type { CollectorLease } from "./collector-lock.ts";

/** Resume points of sources that stopped are forgotten after a week. */
const CURSOR_TTL_SECONDS = 7 * 24 * 3600;

// KEYS: lease, resume point, then the streams (an add-on's output goes to every app it is attached to).
const SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('BERTH_LEASE the log collector lost its lease')
end
for k = 3, #KEYS do
  for i = 5, #ARGV, 2 do
    redis.call('XADD', KEYS[k], 'MAXLEN', '~', ARGV[3], '*', ARGV[i], ARGV[i+1])
  end
end
if KEYS[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[4]) end
return 1`;

/** Appends lines to the apps' logs and, when `cursor` is given, stores its new value with them. */
export async function fencedAppend(lease: CollectorLease, appIds: string[], lines: LogLine[], cursor?: { key: string; value: string }): Promise<void> {
  if (lines.length === 0 && !cursor) return;
  const keys = [lease.key, cursor?.key ?? "", ...(lines.length ? appIds.map(logStreamKey) : [])];
  const args = [lease.token, cursor?.value ?? "", String(settings.logLines), String(CURSOR_TTL_SECONDS), ...lines.flatMap(lineFields)];
  await redis().eval(SCRIPT, keys.length, ...keys, ...args);
}

export async function readCursor(key: string): Promise<string | null> {
  return redis().get(key);
}
