"use client";
// Links that mark the current page (aria-current), for the top bar and an app's tabs.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links, className, label }: { links: { href: string; label: string; exact?: boolean }[]; className: string; label: string }) {
  const path = usePathname();
  return (
    <nav className={className} aria-label={label}>
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
