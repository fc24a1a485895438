"use client";
// A button that asks first, in a real dialog (focus moves in, Escape cancels).
import { useRef, type ReactNode } from "react";

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
  const size = props.small ? " btn-sm" : "";
  return (
    <>
      <button type="button" className={`btn${size}`} disabled={props.disabled} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
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
    </>
  );
}
