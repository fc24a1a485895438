// The API's message next to the input it names: the input is marked invalid and described by the
// message (read out with the input), whatever the form. Pair `fieldProps` on the input with a
// <FieldError> right after it; the ids follow from the input's id.
import type { ActionState } from "./use-action.ts";

const errorId = (inputId: string) => `${inputId}-error`;

/** aria-invalid and aria-describedby for one input; `hint` is the id of its standing hint, kept. */
export function fieldProps(state: ActionState, name: string, inputId: string, hint?: string) {
  const bad = state.error !== null && state.field === name;
  const describedBy = [bad ? errorId(inputId) : null, hint ?? null].filter(Boolean).join(" ");
  return { "aria-invalid": bad || undefined, "aria-describedby": describedBy || undefined } as const;
}

export function FieldError({ state, name, inputId }: { state: ActionState; name: string; inputId: string }) {
  if (state.error === null || state.field !== name) return null;
  return <span id={errorId(inputId)} className="field-error" role="alert">{state.error}</span>;
}
