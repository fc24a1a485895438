"use client";
// Links that mark the current page (aria-current), for the top bar and an app's tabs. When the
// links are wider than the screen (an app's tabs on a phone) the current one is scrolled into
// view, and a fade at either edge says more links lie that way.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export function NavLinks({ links, className, label }: { links: { href: string; label: string; exact?: boolean }[]; className: string; label: string }) {
  const path = usePathname();
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = nav.current;
    if (!el || el.scrollWidth <= el.clientWidth) return;
    const current = el.querySelector<HTMLElement>('[aria-current="page"]');
    // Scroll the strip only (scrollIntoView would move the page too).
    if (current) {
      const box = el.getBoundingClientRect();
      const tab = current.getBoundingClientRect();
      el.scrollLeft += tab.left - box.left - (box.width - tab.width) / 2;
    }
    const edges = () => {
      const wrap = el.parentElement;
      if (!wrap?.classList.contains("tabs-wrap")) return;
      wrap.toggleAttribute("data-more-left", el.scrollLeft > 2);
      wrap.toggleAttribute("data-more-right", el.scrollLeft + el.clientWidth < el.scrollWidth - 2);
    };
    edges();
    el.addEventListener("scroll", edges, { passive: true });
    return () => el.removeEventListener("scroll", edges);
  }, [path]);
  return (
    <nav ref={nav} className={className} aria-label={label}>
      {links.map((l) => {
        const current = l.exact ? path === l.href : path === l.href || path.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={current ? "page" : undefined}>
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
