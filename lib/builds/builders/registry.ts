// Builders in the order they are tried: the first that applies builds the source.
import { buildpackBuilder } from "./buildpack.ts";
import { dockerfileBuilder } from "./dockerfile.ts";
import type { SourceIndex } from "../../sources/source-index.ts";
import type { Builder } from "./types.ts";

export const BUILDERS: readonly Builder[] = [dockerfileBuilder, buildpackBuilder];

export function chooseBuilder(source: SourceIndex): Builder {
  const builder = BUILDERS.find((b) => b.applies(source));
  if (!builder) throw new Error("no builder applies to this source");
  return builder;
}
