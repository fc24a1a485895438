"use client";
// After a navigation inside the dashboard, focus moves to the new page's heading, as a full page
// load would start reading there: a screen reader announces where the user is, and Tab goes on
// from the top of the new page rather than from a link that is no longer there. Not on the
// first load (the browser starts at the top by itself).
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export function FocusOnNavigate() {
  const path = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page that starts in an input of its own (autoFocus: the new-app form's name) keeps it.
    const active = document.activeElement;
    if (active?.closest("main") && active.matches("input, textarea, select")) return;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  }, [path]);
  return null;
}
