// Reads a streamed response body as lines, as they arrive.

export async function* readLines(res: Response): AsyncGenerator<string> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = rest.indexOf("\n")) !== -1) {
      yield rest.slice(0, nl).replace(/\r$/, "");
      rest = rest.slice(nl + 1);
    }
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

export interface ServerEvent {
  id?: string;
  data: string;
}

/** Server-sent events: `id:` and `data:` fields, an empty line ends one; comments are skipped. */
export async function* readEvents(res: Response): AsyncGenerator<ServerEvent> {
  let id: string | undefined;
  let data: string[] = [];
  for await (const line of readLines(res)) {
    if (line === "") {
      if (data.length) yield { id, data: data.join("\n") };
      id = undefined;
      data = [];
    } else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    else if (line.startsWith("id:")) id = line.slice(3).trim();
  }
}
