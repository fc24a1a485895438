import type { ReactNode } from "react";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <main className="container narrow" style={{ paddingTop: "12vh" }}>
      <p className="brand" style={{ marginBottom: 24 }}>
        <span className="brand-mark" aria-hidden="true" />
        Berth
      </p>
      {children}
    </main>
  );
}
