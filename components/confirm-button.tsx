"use client";
// A button that asks first, in a real dialog (focus moves in, Escape cancels) — the one way the
// dashboard confirms anything (no native confirm() or prompt()). The dialog is only rendered once
// asked for: a page of 200 releases carries no 200 hidden dialogs. With `typeToConfirm`, the name
// must be typed again before the confirm button works (restoring or destroying data).
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  small?: boolean;
  typeToConfirm?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [asked, setAsked] = useState(false);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  useEffect(() => {
    if (asked && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [asked]);
  const ask = () => {
    setTyped("");
    if (asked) dialog.current?.showModal();
    else setAsked(true);
  };
  const size = props.small ? " btn-sm" : "";
  const ready = props.typeToConfirm === undefined || typed === props.typeToConfirm;
  return (
    <>
      <button type="button" className={`btn${size}`} disabled={props.disabled} onClick={ask}>
        {props.label}
      </button>
      {asked ? (
        <dialog ref={dialog} aria-label={props.title}>
          <form
            className="stack"
            method="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              if (!ready) return;
              dialog.current?.close();
              props.onConfirm();
            }}
          >
            <h2>{props.title}</h2>
            <div>{props.children}</div>
            {props.typeToConfirm !== undefined ? (
              <div className="field">
                <label htmlFor={inputId}>Type <strong className="mono">{props.typeToConfirm}</strong> to confirm</label>
                <input id={inputId} className="input input-mono" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} autoFocus />
              </div>
            ) : null}
            <div className="row">
              <button type="submit" className={`btn ${props.danger ? "btn-danger" : "btn-primary"}`} disabled={!ready}>
                {props.confirmLabel}
              </button>
              <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus={props.typeToConfirm === undefined}>
                Cancel
              </button>
            </div>
          </form>
        </dialog>
      ) : null}
    </>
  );
}
