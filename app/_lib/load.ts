// Loading domain data in server components: a missing (or someone else's) thing is a 404 page,
// and so is a malformed address (a query parameter the domain refuses).
import { notFound } from "next/navigation";
import { ZodError } from "zod";
import { BerthError } from "@/lib/errors.ts";

export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof BerthError && (err.code === "not_found" || err.code === "forbidden")) notFound();
    if (err instanceof ZodError) notFound();
    throw err;
  }
}
