"use client";
// Marks the page interactive (html[data-hydrated]) once React has attached its handlers, so
// browser tests act on a page as a person would once it responds, not on its server HTML.
import { useEffect } from "react";

export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
