"use client";
// One button's life: idle → pending (with a spinner) → done (a message) or failed (the API's
// message). A second click while pending is ignored.
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "./api.ts";

export interface ActionState {
  pending: boolean;
  error: string | null;
  done: string | null;
}

export function useAction() {
  const [state, setState] = useState<ActionState>({ pending: false, error: null, done: null });
  const busy = useRef(false);
  const run = useCallback(async (fn: () => Promise<string | void>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setState({ pending: true, error: null, done: null });
    try {
      const done = await fn();
      setState({ pending: false, error: null, done: done ?? null });
      return true;
    } catch (err) {
      setState({ pending: false, error: errorMessage(err), done: null });
      return false;
    } finally {
      busy.current = false;
    }
  }, []);
  const reset = useCallback(() => setState({ pending: false, error: null, done: null }), []);
  return { ...state, run, reset };
}
