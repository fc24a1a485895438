"use client";
// One button's life: idle → pending (with a spinner) → done (a message) or failed (the API's
// message). A second click while pending is ignored. A form that names its inputs (`fields`)
// learns which one the error is about, so the message sits next to that input (field-error.tsx)
// instead of in the page's banner.
import { useCallback, useRef, useState } from "react";
import { ApiError, errorMessage } from "./api.ts";

export interface ActionState {
  pending: boolean;
  error: string | null;
  done: string | null;
  /** The input the error is about, one of the form's `fields`; null: the page's banner shows it. */
  field: string | null;
}

export interface FieldOptions {
  /** The inputs of this form, by the name the API gives them in a 422's `field`. */
  fields?: readonly string[] | ((field: string) => boolean);
  /** The input a refusal without a field is about (a one-input form: "name taken" is about the name). */
  fallback?: string;
}

const IDLE: ActionState = { pending: false, error: null, done: null, field: null };

export function fieldOf(err: unknown, opts: FieldOptions): string | null {
  if (!(err instanceof ApiError)) return null;
  const { fields } = opts;
  if (err.field !== null && fields && (typeof fields === "function" ? fields(err.field) : fields.includes(err.field))) return err.field;
  // Refusals of the input (422, 409) are about the form's one input; a timeout or a 500 is not.
  if (opts.fallback && (err.status === 422 || err.status === 409)) return opts.fallback;
  return null;
}

export function useAction(opts: FieldOptions = {}) {
  const [state, setState] = useState<ActionState>(IDLE);
  const busy = useRef(false);
  const options = useRef(opts);
  options.current = opts;
  const run = useCallback(async (fn: () => Promise<string | void>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setState({ ...IDLE, pending: true });
    try {
      const done = await fn();
      setState({ ...IDLE, done: done ?? null });
      return true;
    } catch (err) {
      setState({ ...IDLE, error: errorMessage(err), field: fieldOf(err, options.current) });
      return false;
    } finally {
      busy.current = false;
    }
  }, []);
  const reset = useCallback(() => setState(IDLE), []);
  return { ...state, run, reset };
}

/** An error the page finds itself about one input (the two passwords differ), shown like the API's. */
export const inputError = (field: string, message: string) => new ApiError(message, 422, "invalid", field);
