"use client";
// Keeps a server-rendered page current without a reload: asks the server to render it again
// (router.refresh, which keeps client state and scroll) every `busyMs` while something on it is in
// progress, every `idleMs` otherwise — crashes and other users' changes come unannounced — and not
// at all while the tab is hidden (once more as it comes back). One timer, cleared on unmount.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

export function LiveRefresh({ busy, busyMs = 2000, idleMs = 10_000 }: { busy: boolean; busyMs?: number; idleMs?: number }) {
  const router = useRouter();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(tick, busyRef.current ? busyMs : idleMs);
    };
    const tick = () => {
      if (document.visibilityState === "visible") router.refresh();
      schedule();
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      router.refresh();
      schedule();
    };
    schedule();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, busyMs, idleMs]);
  return null;
}
