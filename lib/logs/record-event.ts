// Platform events in an app's log (`berth[api]: Release v3 is live`), as Heroku shows its own.
import { isoTime } from "./log-line.ts";
import { appendLines } from "./log-store.ts";

/**
 * Adds a `berth` line to the app's log. Never throws: the deploy, scale or restart it reports on
 * must not fail because Redis hiccuped; the miss goes to the process's own log instead.
 * The text must not carry config values (summaries name keys only).
 */
export async function recordEvent(appId: string, text: string, process = "api"): Promise<void> {
  try {
    await appendLines(appId, [{ time: isoTime(), source: "berth", process, text }]);
  } catch (err) {
    console.error(`could not record an event in the app's log: ${(err as Error).message}`);
  }
}
