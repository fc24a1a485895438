"use client";
// A button that asks first, in a real dialog (focus moves in, Escape cancels). The dialog is
// only rendered once asked for: a page of 200 releases carries no 200 hidden dialogs.
import { useEffect, useRef, useState, type ReactNode } from "react";

export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  small?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (asked && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [asked]);
  const size = props.small ? " btn-sm" : "";
  return (
    <>
      <button type="button" className={`btn${size}`} disabled={props.disabled} onClick={() => (asked ? dialog.current?.showModal() : setAsked(true))}>
        {props.label}
      </button>
      {asked ? (
        <dialog ref={dialog} aria-label={props.title}>
          <div className="stack">
            <h2>{props.title}</h2>
            <div>{props.children}</div>
            <div className="row">
              <button
                type="button"
                className={`btn ${props.danger ? "btn-danger" : "btn-primary"}`}
                onClick={() => {
                  dialog.current?.close();
                  props.onConfirm();
                }}
              >
                {props.confirmLabel}
              </button>
              <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>
                Cancel
              </button>
            </div>
          </div>
        </dialog>
      ) : null}
    </>
  );
}
