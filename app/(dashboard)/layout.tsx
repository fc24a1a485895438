import Link from "next/link";
import type { ReactNode } from "react";
import { requireSession } from "@/app/_lib/session.ts";
import { BannerArea } from "@/components/banner-area.tsx";
import { FocusOnNavigate } from "@/components/focus-on-navigate.tsx";
import { LogoutButton } from "@/components/logout-button.tsx";
import { NavLinks } from "@/components/nav-links.tsx";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  const links = [
    { href: "/", label: "Apps", exact: true },
    { href: "/account", label: "Account" },
    ...(session.actor.isAdmin ? [{ href: "/users", label: "Users" }, { href: "/hosts", label: "Hosts" }] : []),
  ];
  return (
    <>
      {/* Client components send this back with every change (lib/auth/sessions.ts). */}
      <meta name="berth-csrf" content={session.csrfToken} />
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand" aria-label="Berth: apps">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-text">Berth</span>
          </Link>
          <NavLinks className="topnav" label="Main" links={links} />
          <div className="row">
            <span className="who">{session.actor.username}</span>
            <LogoutButton />
          </div>
        </div>
      </header>
      <main id="main" className="container">
        <FocusOnNavigate />
        <BannerArea>{children}</BannerArea>
      </main>
    </>
  );
}
