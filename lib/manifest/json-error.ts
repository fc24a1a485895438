// Where a JSON text first goes wrong, in words a user can act on. JSON.parse's own messages differ
// between Node versions and often give no position ("Unexpected token 'x', "…" is not valid
// JSON"), so a failed parse is scanned again here to find the line. Pure.

export interface JsonProblem {
  /** 1-based line of the first character that cannot be where it is. */
  line: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Null when the text is valid JSON; else the first problem with its line. */
export function findJsonProblem(text: string): JsonProblem | null {
  let i = 0;
  const describe = (at: number) => (at >= text.length ? "the end of the file" : JSON.stringify(text[at]));
  const stop = (message: string, at = i): never => {
    throw new Stop(at, `${message}, found ${describe(at)}`);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) stop(`expected ${word}`);
      i++;
    }
  };
  const string = () => {
    const start = i;
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(start, "a string is not closed (a \" is missing)");
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < " ") stop("a string cannot hold a raw control character or line break (write \\n)");
      if (ch === "\\") {
        i++;
        const esc = text[i];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) stop("expected four hex digits after \\u");
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else stop("unknown escape in a string");
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) stop("expected a value (a string, number, object, array, true, false or null)");
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === "{") return object();
    if (ch === "[") return array();
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    return number();
  };
  const object = () => {
    i++;
    space();
    if (text[i] === "}") return void i++;
    for (;;) {
      space();
      if (text[i] !== '"') stop(text[i] === "}" ? 'expected a "quoted" property name (no comma before })' : 'expected a "quoted" property name');
      string();
      space();
      if (text[i] !== ":") stop('expected ":" after a property name');
      i++;
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") return void i++;
      stop('expected "," or "}" after a property value');
    }
  };
  const array = () => {
    i++;
    space();
    if (text[i] === "]") return void i++;
    for (;;) {
      space();
      if (text[i] === "]") stop("expected a value (no comma before ])");
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") return void i++;
      stop('expected "," or "]" after an array element');
    }
  };
  try {
    space();
    if (i >= text.length) throw new Stop(i, "the file is empty: it must hold one JSON object");
    value();
    space();
    if (i < text.length) stop("expected nothing more after the JSON value");
    return null;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { line: lineAt(text, err.offset), message: err.message };
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < Math.min(offset, text.length); k++) if (text[k] === "\n") line++;
  return line;
}
