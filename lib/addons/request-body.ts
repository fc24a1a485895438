// DELETE and restore requests may come without a body; one that is there must be JSON.
import { readBodyText } from "../api/read-body.ts";
import { invalid } from "../errors.ts";

export async function optionalJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("the request body must be JSON");
  }
}

/** ?credentials=true (or 1) */
export const wantsCredentials = (req: Request) => /^(1|true|yes)$/i.test(new URL(req.url).searchParams.get("credentials") ?? "");
