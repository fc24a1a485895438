// Validation failures as sentences a person can act on, in one place: the API's 422 answers
// (and so the dashboard and the CLI) never show the validation library's own wording ("Invalid
// input: expected number, received string") nor a field named twice ("FOO: FOO: …").
import type { ZodError } from "zod";

type Issue = ZodError["issues"][number];

export interface PlainIssue {
  /** The field at fault (`quantity`, `FOO`, `limits.memory`), or null for the body as a whole. */
  field: string | null;
  message: string;
}

/** zod's English messages start so; a schema's own messages (Berth's sentences) never do. */
const LIBRARY_WORDING = /^(Invalid input|Invalid option|Invalid (string|number|key|element|value|discriminator)|Invalid$|Too small|Too big|Unrecognized keys?:|Expected )/;

const ARTICLE: Record<string, string> = { number: "a number", string: "text", boolean: "true or false", object: "an object", array: "a list", int: "a whole number", null: "null" };

export function plainIssue(issue: Issue): PlainIssue {
  const field = issue.path.length ? issue.path.map(String).join(".") : null;
  if (!LIBRARY_WORDING.test(issue.message)) {
    // The schema's own sentence: name the field unless the sentence does already.
    const key = field === null ? null : String(issue.path[issue.path.length - 1]);
    const named = key === null || new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(key)}([^A-Za-z0-9_]|$)`).test(issue.message);
    return { field, message: named ? issue.message : `${field}: ${issue.message}` };
  }
  return { field, message: libraryIssue(issue, field ?? "the request body") };
}

function libraryIssue(issue: Issue, what: string): string {
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined$/.test(issue.message)) return `${what} is required`;
      return `${what} must be ${ARTICLE[issue.expected] ?? issue.expected}`;
    case "too_small":
    case "too_big": {
      const bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
      const small = issue.code === "too_small";
      if (issue.origin === "string") return `${what} must be ${small ? "at least" : "at most"} ${bound} character${bound === 1 ? "" : "s"} long`;
      if (issue.origin === "array" || issue.origin === "set") return `${what} must have ${small ? "at least" : "at most"} ${bound} item${bound === 1 ? "" : "s"}`;
      if (issue.inclusive === false) return `${what} must be ${small ? "more" : "less"} than ${bound}`;
      return `${what} must be ${bound} or ${small ? "more" : "less"}`;
    }
    case "invalid_value":
      return `${what} must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`}`;
    case "unrecognized_keys":
      return `${issue.keys.map((k) => JSON.stringify(k)).join(", ")} ${issue.keys.length === 1 ? "is not a field" : "are not fields"} Berth knows here`;
    case "invalid_format":
      return `${what} is not a valid ${issue.format === "regex" ? "value" : issue.format}`;
    case "not_multiple_of":
      return `${what} must be a multiple of ${String(issue.divisor)}`;
    default:
      return `${what} is not valid`;
  }
}

/** The first issue, as the API reports it. */
export function zodMessage(err: ZodError): PlainIssue {
  const issue = err.issues[0];
  return issue ? plainIssue(issue) : { field: null, message: "the request is not valid" };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
