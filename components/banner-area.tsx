"use client";
// One banner area per page: an action's result or error replaces the one before it (a new action
// clears it as it starts) instead of piling up beside every button that was pressed. It sticks to
// the top of the window so a result is seen wherever the button was, and a new page starts clear.
import { usePathname } from "next/navigation";
import { createContext, useCallback, useEffect, useState, type ReactNode } from "react";

export interface Banner {
  kind: "ok" | "error";
  text: string;
}

type Show = (banner: Banner | null) => void;
export const BannerContext = createContext<Show | null>(null);

export function BannerArea({ children }: { children: ReactNode }) {
  const [banner, setBanner] = useState<Banner | null>(null);
  const path = usePathname();
  useEffect(() => setBanner(null), [path]);
  const show = useCallback<Show>((b) => setBanner(b), []);
  return (
    <BannerContext.Provider value={show}>
      <div className="banner-area" data-testid="banner-area" aria-live="polite">
        {banner ? (
          <div className={`alert alert-${banner.kind} banner`} role={banner.kind === "error" ? "alert" : "status"}>
            <span className="grow">{banner.text}</span>
            <button type="button" className="btn btn-sm banner-close" aria-label="Dismiss" onClick={() => setBanner(null)}>×</button>
          </div>
        ) : null}
      </div>
      {children}
    </BannerContext.Provider>
  );
}
