// Loading domain data in server components: a missing (or someone else's) thing is a 404 page.
import { notFound } from "next/navigation";
import { BerthError } from "@/lib/errors.ts";

export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof BerthError && (err.code === "not_found" || err.code === "forbidden")) notFound();
    throw err;
  }
}
